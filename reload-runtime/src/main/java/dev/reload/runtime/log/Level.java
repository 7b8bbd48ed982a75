package dev.reload.runtime.log;

/** The levels the runtime logs at, each named as SLF4J's {@code Logger} names its method. */
enum Level {
    DEBUG("debug"),
    INFO("info"),
    WARN("warn"),
    ERROR("error");

    final String method;

    Level(String method) {
        this.method = method;
    }
}
