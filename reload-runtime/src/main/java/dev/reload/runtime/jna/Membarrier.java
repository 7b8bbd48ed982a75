package dev.reload.runtime.jna;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.util.Locale;
import java.util.function.IntUnaryOperator;

/**
 * Linux {@code membarrier(2)} through libc's {@code syscall}, glibc having no wrapper for it: {@code applyAsInt(cmd)}
 * returns what the system call returns, or minus {@code errno} when it fails. Defined only by {@link IsolatedJna},
 * so the rest of the runtime sees it as an {@link IntUnaryOperator}.
 */
public final class Membarrier implements IntUnaryOperator {

    private final Function syscall;
    private final long number;

    /**
     * @throws UnsupportedOperationException when not on Linux, or on a processor whose system call number for
     *                                       {@code membarrier} is not known here
     */
    public Membarrier() {
        if (!Platform.isLinux()) {
            throw new UnsupportedOperationException("membarrier(2) is Linux's; this is " + System.getProperty("os.name"));
        }
        this.number = number(System.getProperty("os.arch").toLowerCase(Locale.ROOT));
        this.syscall = Function.getFunction(Platform.C_LIBRARY_NAME, "syscall");
    }

    @Override
    public int applyAsInt(int command) {
        // Every argument as a long: syscall(2) reads its variadic arguments as longs.
        long result = syscall.invokeLong(new Object[] {number, (long) command, 0L, 0L});
        return result < 0 ? -Native.getLastError() : (int) result;
    }

    private static long number(String arch) {
        switch (arch) {
            case "amd64":
            case "x86_64":
                return 324;
            case "aarch64":
            case "riscv64":
            case "loongarch64":
                // The generic table's number, shared by the newer architectures.
                return 283;
            default:
                throw new UnsupportedOperationException("the number of membarrier(2) on " + arch + " is not known");
        }
    }
}
