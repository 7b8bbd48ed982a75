package dev.reload.runtime.leak;

import java.util.List;
import java.util.Map;

/** The finder's work, done by the code {@link FinderLoader} defines: the one entry into it. */
final class Inspection implements Inspector {

    Inspection() {
    }

    @Override
    public List<String> holdersOf(ClassLoader loader) {
        LoaderFamily family = new LoaderFamily(loader);
        Findings findings = new Findings();
        Map<Thread, StackTraceElement[]> threads = Thread.getAllStackTraces();
        LiveThreads.check(threads, family, findings);
        ThreadLocals.check(threads.keySet(), family, findings);
        ShutdownHooks.check(family, findings);
        JdbcDrivers.check(loader, family, findings);
        Loggers.check(family, findings);
        return findings.lines();
    }

    @Override
    public List<String> releaseAtRetirement(ClassLoader loader) {
        return JdbcDrivers.deregister(loader, new LoaderFamily(loader));
    }
}
