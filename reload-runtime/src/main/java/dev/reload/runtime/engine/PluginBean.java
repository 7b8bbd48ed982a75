package dev.reload.runtime.engine;

import dev.reload.runtime.manage.PluginMXBean;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One plugin as management sees it: figures from its {@link PluginStats}, operations through {@link Operations}. */
final class PluginBean implements PluginMXBean {

    private final Operations operations;
    private final PluginStats stats;
    private final Function<String, List<String>> refusals;
    private final Function<String, Map<String, String>> bad;

    PluginBean(Engine engine, PluginStats stats) {
        this.operations = engine.operations();
        this.stats = stats;
        this.refusals = engine::refusedOf;
        this.bad = engine.badVersions()::of;
    }

    @Override
    public String getActiveVersion() {
        return stats.activeVersion();
    }

    @Override
    public String[] getVersions() {
        return stats.versions();
    }

    @Override
    public String getPinnedVersion() {
        return stats.pinnedVersion();
    }

    @Override
    public String getState() {
        return stats.state();
    }

    @Override
    public long getInFlight() {
        return stats.inFlight();
    }

    @Override
    public long getCalls() {
        return stats.calls();
    }

    @Override
    public long getSwaps() {
        return stats.swaps();
    }

    @Override
    public long getRejects() {
        return stats.rejects();
    }

    @Override
    public String getLastRejection() {
        return stats.lastRejection();
    }

    @Override
    public String[] getRefused() {
        return refusals.apply(stats.id()).toArray(new String[0]);
    }

    @Override
    public Map<String, Long> getRetiring() {
        return stats.retiring();
    }

    @Override
    public Map<String, String> getBadVersions() {
        return bad.apply(stats.id());
    }

    @Override
    public String pin(String version) {
        return operations.pin(stats.id(), version);
    }

    @Override
    public String unpin() {
        return operations.unpin(stats.id());
    }

    @Override
    public String rollback() {
        return operations.rollback(stats.id());
    }

    @Override
    public String reload() {
        return operations.reload(stats.id());
    }
}
