package dev.reload.runtime.leak;

/**
 * The packages of {@code java.base} whose private fields the finder reads, and whether they are open to the finder's
 * module: the unnamed module of {@link FinderLoader}, which this class, like all the finder's code, is defined in.
 */
final class JavaBase {

    static final String JAVA_LANG = "java.lang";
    static final String JAVA_UTIL = "java.util";
    static final String JAVA_SECURITY = "java.security";

    private static final Module READER = JavaBase.class.getModule();

    private JavaBase() {
    }

    static boolean isOpen(String packageName) {
        return Object.class.getModule().isOpen(packageName, READER);
    }

    /** @return why a package cannot be read and the flag that fixes it, for a "not checked" line */
    static String notOpen(String packageName) {
        return "java.base does not open " + packageName + " to reload (an unnamed module); run with the reload agent"
                + " or --add-opens java.base/" + packageName + "=ALL-UNNAMED";
    }
}
