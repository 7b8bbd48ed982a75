package dev.reload.agent.supervise;

import java.util.List;

/** The supervisor's answer to {@code status}: its generations and sockets, as a table or as one JSON object. */
final class StatusRenderer {

    private final long pid;
    private final List<HeldSocket> sockets;

    StatusRenderer(long pid, List<HeldSocket> sockets) {
        this.pid = pid;
        this.sockets = sockets;
    }

    String render(List<Generation.Snapshot> generations, boolean json) {
        return json ? json(generations) : table(generations);
    }

    private String table(List<Generation.Snapshot> generations) {
        StringBuilder out = new StringBuilder("supervisor ").append(pid).append('\n');
        out.append(String.format("%-10s  %-8s  %-8s  %s%n", "GENERATION", "PID", "STATE", "SINCE"));
        for (Generation.Snapshot g : generations) {
            out.append(String.format("%-10d  %-8d  %-8s  %s%n", g.number(), g.pid(), g.state(), g.since()));
        }
        out.append(String.format("%n%-3s  %-16s  %s%n", "FD", "NAME", "ADDRESS"));
        for (int i = 0; i < sockets.size(); i++) {
            HeldSocket s = sockets.get(i);
            out.append(String.format("%-3d  %-16s  %s%n", 3 + i, s.name(), s.address()));
        }
        return out.toString();
    }

    private String json(List<Generation.Snapshot> generations) {
        StringBuilder out = new StringBuilder("{\"supervisor\":").append(pid).append(",\"generations\":[");
        for (int i = 0; i < generations.size(); i++) {
            Generation.Snapshot g = generations.get(i);
            out.append(i == 0 ? "" : ",").append("{\"number\":").append(g.number()).append(",\"pid\":")
                    .append(g.pid()).append(",\"state\":\"").append(g.state()).append("\",\"since\":\"")
                    .append(g.since()).append("\"}");
        }
        out.append("],\"sockets\":[");
        for (int i = 0; i < sockets.size(); i++) {
            HeldSocket s = sockets.get(i);
            out.append(i == 0 ? "" : ",").append("{\"fd\":").append(3 + i).append(",\"name\":\"")
                    .append(escape(s.name())).append("\",\"address\":\"").append(escape(s.address()))
                    .append("\"}");
        }
        return out.append("]}\n").toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
