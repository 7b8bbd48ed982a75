package dev.reload.agent.it;

import dev.reload.testkit.Greeter;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A build's class output directory ({@code target/classes}) holding a greeter plugin, written the way a compiler
 * writes it: {@code javac -d} straight into the directory, file by file, no jar.
 */
final class ClassesDirectory {

    private final Path directory;

    ClassesDirectory(Path directory) {
        this.directory = directory;
    }

    Path path() {
        return directory;
    }

    /** Compiles the greeter answering with {@code label} into the directory and names it in its service file. */
    ClassesDirectory compile(String label) {
        String className = GreeterPlugin.className(label);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///" + className.replace('.', '/')
                + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return GreeterPlugin.source(label);
            }
        };
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean ok = compiler.getTask(null, null, diagnostics, List.of("--release", "17", "-proc:none", "-d",
                directory.toString(), "-cp", Host.codeSource(Greeter.class).toString()), null, List.of(source)).call();
        if (!ok) {
            throw new IllegalStateException("compilation failed: " + diagnostics.getDiagnostics());
        }
        return declare(className);
    }

    /**
     * Names {@code className} in the service file without compiling it: a build stopped half-way, or a class
     * removed, as a broken compile leaves the directory.
     */
    ClassesDirectory declare(String className) {
        Path services = directory.resolve("META-INF/services/" + Greeter.class.getName());
        try {
            Files.createDirectories(services.getParent());
            Files.writeString(services, className + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
