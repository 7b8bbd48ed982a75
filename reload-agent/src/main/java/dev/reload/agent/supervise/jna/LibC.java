package dev.reload.agent.supervise.jna;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;

/** The C library's functions the supervisor calls, as glibc declares them. */
interface LibC extends Library {

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int flags, int mode);

    /** glibc 2.34 and later. */
    int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    int posix_spawnattr_init(Pointer attributes);

    int posix_spawnattr_destroy(Pointer attributes);

    int posix_spawnattr_setflags(Pointer attributes, short flags);

    int posix_spawnattr_setsigmask(Pointer attributes, Pointer mask);

    int posix_spawnattr_setsigdefault(Pointer attributes, Pointer signals);

    int posix_spawnattr_setpgroup(Pointer attributes, int group);

    int sigemptyset(Pointer set);

    int sigfillset(Pointer set);

    int sigdelset(Pointer set, int signal);

    int posix_spawnp(IntByReference pid, String file, Pointer actions, Pointer attributes, StringArray argv,
                     StringArray envp);

    int pipe2(int[] fds, int flags);

    int fcntl(int fd, int command, int argument);

    int close(int fd);

    int waitpid(int pid, IntByReference status, int options);

    int kill(int pid, int signal);

    /** @param handler {@code null} for {@code SIG_DFL} */
    Pointer signal(int signal, Pointer handler);

    String strerror(int errno);
}
