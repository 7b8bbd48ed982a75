package dev.reload.runtime.verify;

import dev.reload.runtime.verify.MemberResolver.Resolution;
import dev.reload.runtime.verify.Reference.Use;

import java.util.HashSet;
import java.util.Set;

/**
 * Checks the references of one jar class against the classes the plugin sees, and words what is broken.
 *
 * <p>A member of an application class must exist. A member of a jar class is looked for through its hierarchy too,
 * and reported missing only when that hierarchy reaches into the application (a plugin class extending an
 * application class calls an inherited method through its own name); references the jar resolves within itself are
 * never reported. A missing class is reported only from the classes that {@code core} says so (see
 * {@link LinkageVerifier}).
 */
final class ReferenceCheck {

    private final PluginClassView view;
    private final MemberResolver resolver;
    private final Problems problems;

    ReferenceCheck(PluginClassView view, MemberResolver resolver, Problems problems) {
        this.view = view;
        this.resolver = resolver;
        this.problems = problems;
    }

    /** @param core whether a class the jar class uses that exists nowhere is a problem */
    void check(JarClass jarClass, boolean core) {
        String from = Reference.dotted(jarClass.name());
        Set<String> missing = new HashSet<>();
        for (Reference reference : jarClass.references()) {
            ClassModel owner = view.find(reference.owner());
            if (owner == null) {
                // Once per class: "extends X" (always first) says it all; its calls to X would repeat it.
                if (core && missing.add(reference.owner())) {
                    Use use = reference.use();
                    String verb = use == Use.EXTENDS || use == Use.IMPLEMENTS ? use.verb : Use.TYPE.verb;
                    problems.add(from + " " + verb + " " + Reference.dotted(reference.owner())
                            + ", which neither the jar nor the application has");
                }
                continue;
            }
            if (reference.use().isMember()) {
                checkMember(from, owner, reference);
            }
        }
    }

    private void checkMember(String from, ClassModel owner, Reference reference) {
        Resolution resolution = resolver.resolve(owner, reference);
        if (resolution == Resolution.UNKNOWN) {
            return;
        }
        if (owner.inJar()) {
            if (resolution == Resolution.NO_SUCH_MEMBER && view.reachesHost(owner)) {
                problems.add(from + " " + reference.use().verb + " " + reference.member()
                        + ", which neither the jar nor the application has");
            }
            return;
        }
        String holder = HostClasses.isJdk(owner.name()) ? "the JDK" : "the application";
        if (resolution == Resolution.NO_SUCH_MEMBER) {
            problems.add(from + " " + reference.use().verb + " " + reference.member() + ", which " + holder
                    + " does not have");
        } else if ((resolution == Resolution.STATIC) != reference.use().expectsStatic()) {
            String kind = reference.use().isMethod() ? "method" : "field";
            problems.add(from + " " + reference.use().verb + " " + reference.member() + " as "
                    + (reference.use().expectsStatic() ? "a static " + kind + ", but " + holder + "'s is not static"
                    : "an instance " + kind + ", but " + holder + "'s is static"));
        }
    }
}
