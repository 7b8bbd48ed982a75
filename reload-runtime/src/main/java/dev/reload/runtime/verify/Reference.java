package dev.reload.runtime.verify;

/**
 * One symbolic reference in a plugin class's bytecode: a class it uses, or a member of some class.
 *
 * @param owner      internal name of the class the reference names; for a member of an array type, the element
 *                   class is a separate {@link Use#TYPE} reference and the member's owner is {@code java/lang/Object}
 * @param name       the member's name, {@code null} for a class reference
 * @param descriptor the member's descriptor, {@code null} for a class reference
 */
record Reference(Use use, String owner, String name, String descriptor) {

    /** How the plugin uses what it names; decides how it is resolved and how a problem with it reads. */
    enum Use {
        EXTENDS("extends"),
        IMPLEMENTS("implements"),
        TYPE("uses class"),
        INVOKE_STATIC("calls"),
        INVOKE("calls"),
        GET_STATIC("reads field"),
        GET("reads field"),
        PUT_STATIC("writes field"),
        PUT("writes field");

        final String verb;

        Use(String verb) {
            this.verb = verb;
        }

        boolean isMember() {
            return ordinal() >= INVOKE_STATIC.ordinal();
        }

        boolean isMethod() {
            return this == INVOKE_STATIC || this == INVOKE;
        }

        boolean expectsStatic() {
            return this == INVOKE_STATIC || this == GET_STATIC || this == PUT_STATIC;
        }
    }

    static Reference type(Use use, String owner) {
        return new Reference(use, owner, null, null);
    }

    /** The member as a reader of a problem wants it: {@code a.B.m(I)V} or {@code a.B.f:I}. */
    String member() {
        return dotted(owner) + '.' + name + (use.isMethod() ? "" : ":") + descriptor;
    }

    static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }
}
