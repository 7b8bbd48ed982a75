package dev.reload.runtime.plugin;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The classes a jar annotates with {@code @Service}, read with ASM from the few class files that hold the
 * annotation's descriptor, for the common case: a class annotated directly, naming its interfaces or implementing
 * them itself. ClassGraph, which costs about 100 ms to start in a JVM that has not scanned yet, is left the cases
 * that need its model of the whole jar: meta-annotations, and interfaces inherited from a superclass or a
 * superinterface in the jar. {@link #read} says when it cannot decide, and ClassGraph decides.
 */
final class ServiceAnnotations {

    private static final String OBJECT = "java/lang/Object";

    private ServiceAnnotations() {
    }

    /**
     * @param markedClassFiles every class file of the jar that holds {@code descriptor}, by entry name
     * @param descriptor       the annotation's descriptor, {@code Ldev/reload/api/Service;}
     * @param inJar            whether the jar holds a class, by internal name
     * @param librarySpi       whether an interface, by binary name, is a library's business rather than a service
     * @return class name to the interfaces it declares, sorted by class name as ClassGraph lists them; or
     *         {@code null} when a class file is not the simple case and the jar needs ClassGraph
     */
    static Map<String, List<String>> read(Map<String, byte[]> markedClassFiles, String descriptor,
                                          Predicate<String> inJar, Predicate<String> librarySpi) {
        Map<String, List<String>> declared = new TreeMap<>();
        for (Map.Entry<String, byte[]> entry : markedClassFiles.entrySet()) {
            if (entry.getKey().startsWith("META-INF/")) {
                return null;
            }
            Annotated annotated = new Annotated(descriptor);
            try {
                new ClassReader(entry.getValue()).accept(annotated,
                        ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            } catch (RuntimeException e) {
                return null;
            }
            List<String> services = annotated.services(inJar, librarySpi);
            if (services == null) {
                return null;
            }
            declared.put(Type.getObjectType(annotated.name).getClassName(), services);
        }
        return declared;
    }

    /** What one class file says about itself and its {@code @Service}. */
    private static final class Annotated extends ClassVisitor {
        private final String descriptor;
        private final List<String> named = new ArrayList<>();
        private String name;
        private String superName;
        private String[] interfaces;
        private boolean annotationType;
        private boolean annotated;

        Annotated(String descriptor) {
            super(Opcodes.ASM9);
            this.descriptor = descriptor;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            this.name = name;
            this.superName = superName;
            this.interfaces = interfaces;
            this.annotationType = (access & Opcodes.ACC_ANNOTATION) != 0;
        }

        @Override
        public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
            if (!desc.equals(descriptor)) {
                return null;
            }
            annotated = true;
            return new AnnotationVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitArray(String element) {
                    return "value".equals(element) ? new AnnotationVisitor(Opcodes.ASM9) {
                        @Override
                        public void visit(String ignored, Object value) {
                            if (value instanceof Type type) {
                                named.add(type.getClassName());
                            }
                        }
                    } : null;
                }
            };
        }

        /** @return the interfaces declared, or {@code null} when only a model of the whole jar can tell */
        List<String> services(Predicate<String> inJar, Predicate<String> librarySpi) {
            // The descriptor elsewhere than on the class (a meta-annotation, a field's annotation, Service.class in
            // code) may mean classes annotated through another annotation, which only a scan of the jar finds.
            if (!annotated || annotationType) {
                return null;
            }
            if (!named.isEmpty()) {
                return named;
            }
            if (superName != null && !superName.equals(OBJECT)) {
                return null;
            }
            List<String> implemented = new ArrayList<>();
            for (String type : interfaces) {
                if (inJar.test(type)) {
                    return null;
                }
                String binaryName = Type.getObjectType(type).getClassName();
                if (!librarySpi.test(binaryName)) {
                    implemented.add(binaryName);
                }
            }
            implemented.sort(null);
            return implemented;
        }
    }
}
