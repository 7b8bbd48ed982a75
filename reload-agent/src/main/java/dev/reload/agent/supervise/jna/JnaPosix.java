package dev.reload.agent.supervise.jna;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;
import dev.reload.agent.supervise.Posix;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * {@link Posix} on Linux's C library through JNA. Loaded only in the supervisor's process, by the JNA class loader,
 * which is why the supervisor knows it by name and never links to it.
 */
public final class JnaPosix implements Posix {

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int EINTR = 4;
    private static final int SIGKILL_NUMBER = 9;
    private static final int SIGSTOP = 19;
    private static final short POSIX_SPAWN_SETPGROUP = 0x02;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** Larger than glibc's posix_spawn_file_actions_t (80 bytes), posix_spawnattr_t (336) and sigset_t (128). */
    private static final int OPAQUE = 1024;

    private final LibC libc;

    /** Binds the C library; called reflectively by the JNA class loader. */
    public JnaPosix() {
        libc = Native.load("c", LibC.class);
    }

    @Override
    public Child spawn(List<String> argv, Map<String, String> env, int[] sockets) throws IOException {
        int[] out = pipe();
        int[] err = pipe();
        Memory actions = new Memory(OPAQUE);
        Memory attributes = new Memory(OPAQUE);
        Memory noSignals = new Memory(OPAQUE);
        Memory allSignals = new Memory(OPAQUE);
        check(libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        check(libc.posix_spawnattr_init(attributes), "posix_spawnattr_init");
        try {
            check(libc.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", O_RDONLY, 0), "addopen");
            check(libc.posix_spawn_file_actions_adddup2(actions, out[1], 1), "adddup2");
            check(libc.posix_spawn_file_actions_adddup2(actions, err[1], 2), "adddup2");
            for (int i = 0; i < sockets.length; i++) {
                // dup2 clears close-on-exec on the copy: the child keeps it, the supervisor's own stays private.
                check(libc.posix_spawn_file_actions_adddup2(actions, sockets[i], 3 + i), "adddup2");
            }
            closeTheRest(actions, 3 + sockets.length);
            // The JVM blocks some signals in its threads and may ignore others; a child inherits both through exec.
            libc.sigemptyset(noSignals);
            libc.sigfillset(allSignals);
            libc.sigdelset(allSignals, SIGKILL_NUMBER);
            libc.sigdelset(allSignals, SIGSTOP);
            check(libc.posix_spawnattr_setsigmask(attributes, noSignals), "setsigmask");
            check(libc.posix_spawnattr_setsigdefault(attributes, allSignals), "setsigdefault");
            // Its own process group: a Ctrl-C in the supervisor's terminal reaches the supervisor alone, which then
            // stops the generations in order instead of all of them at once.
            check(libc.posix_spawnattr_setpgroup(attributes, 0), "setpgroup");
            check(libc.posix_spawnattr_setflags(attributes,
                    (short) (POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)), "setflags");
            IntByReference pid = new IntByReference();
            String[] environment = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            int error = libc.posix_spawnp(pid, argv.get(0), actions, attributes,
                    new StringArray(argv.toArray(String[]::new)), new StringArray(environment));
            if (error != 0) {
                closeAll(out[0], err[0]);
                throw new IOException("cannot start " + argv.get(0) + ": " + libc.strerror(error));
            }
            return new Child(pid.getValue(), reader(out[0]), reader(err[0]));
        } finally {
            closeAll(out[1], err[1]);
            libc.posix_spawn_file_actions_destroy(actions);
            libc.posix_spawnattr_destroy(attributes);
        }
    }

    @Override
    public int await(long pid) {
        IntByReference status = new IntByReference();
        while (libc.waitpid((int) pid, status, 0) < 0) {
            if (Native.getLastError() != EINTR) {
                return -1;
            }
        }
        int value = status.getValue();
        int signal = value & 0x7f;
        return signal == 0 ? (value >> 8) & 0xff : 128 + signal;
    }

    @Override
    public void signal(long pid, int signal) {
        libc.kill((int) pid, signal);
    }

    @Override
    public void defaultAction(int signal) {
        libc.signal(signal, null);
    }

    @Override
    public int duplicateHigh(int fd) throws IOException {
        int copy = libc.fcntl(fd, F_DUPFD_CLOEXEC, 64);
        if (copy < 0) {
            throw new IOException("cannot duplicate descriptor " + fd + ": " + libc.strerror(Native.getLastError()));
        }
        return copy;
    }

    @Override
    public void close(int fd) {
        libc.close(fd);
    }

    private void closeTheRest(Memory actions, int from) {
        try {
            libc.posix_spawn_file_actions_addclosefrom_np(actions, from);
        } catch (UnsatisfiedLinkError olderThanGlibc234) {
            // The child then inherits the descriptors the JVM opened without close-on-exec (its jars, mostly):
            // untidy, harmless, since those of the supervisor's sockets and pipes all close on exec.
        }
    }

    private int[] pipe() throws IOException {
        int[] fds = new int[2];
        if (libc.pipe2(fds, O_CLOEXEC) != 0) {
            throw new IOException("cannot make a pipe: " + libc.strerror(Native.getLastError()));
        }
        return fds;
    }

    /** Opens the pipe's read end as a stream through /proc, the one way to a descriptor without JDK internals. */
    private InputStream reader(int fd) throws IOException {
        try {
            return new FileInputStream("/proc/self/fd/" + fd);
        } finally {
            libc.close(fd);
        }
    }

    private void closeAll(int... fds) {
        for (int fd : fds) {
            libc.close(fd);
        }
    }

    private void check(int error, String call) throws IOException {
        if (error != 0) {
            throw new IOException(call + " failed: " + libc.strerror(error));
        }
    }
}
