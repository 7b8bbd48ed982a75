package dev.reload.runtime.leak;

import java.util.Collections;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * {@code java.util.logging} state that keeps the plugin loaded: loggers of plugin classes, and plugin handlers,
 * filters, formatters and levels set on any logger. The root logger and every logger the host holds outlive the
 * plugin, and so does everything set on them.
 */
final class Loggers {

    private Loggers() {
    }

    static void check(LoaderFamily family, Findings findings) {
        LogManager manager = LogManager.getLogManager();
        for (String name : Collections.list(manager.getLoggerNames())) {
            Logger logger = manager.getLogger(name);
            if (logger != null) {
                check("logger \"" + name + "\"", logger, family, findings);
            }
        }
    }

    private static void check(String label, Logger logger, LoaderFamily family, Findings findings) {
        if (family.owns(logger)) {
            findings.holder(label + " is a " + logger.getClass().getName() + " (a plugin class)");
        }
        Level level = logger.getLevel();
        if (family.owns(level)) {
            findings.holder(label + " has level " + level.getName() + " of " + level.getClass().getName()
                    + " (a plugin class)");
        }
        Filter filter = logger.getFilter();
        if (family.owns(filter)) {
            findings.holder(label + " has filter " + filter.getClass().getName() + " (a plugin class)");
        }
        for (Handler handler : logger.getHandlers()) {
            if (family.owns(handler)) {
                findings.holder(label + " has handler " + handler.getClass().getName() + " (a plugin class)");
                continue;
            }
            String owner = "handler " + handler.getClass().getName() + " of " + label;
            Formatter formatter = handler.getFormatter();
            if (family.owns(formatter)) {
                findings.holder(owner + " has formatter " + formatter.getClass().getName() + " (a plugin class)");
            }
            Filter handlerFilter = handler.getFilter();
            if (family.owns(handlerFilter)) {
                findings.holder(owner + " has filter " + handlerFilter.getClass().getName() + " (a plugin class)");
            }
        }
    }
}
