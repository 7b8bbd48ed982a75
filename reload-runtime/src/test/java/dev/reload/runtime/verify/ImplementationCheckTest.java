package dev.reload.runtime.verify;

import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ImplementationCheckTest {

    @TempDir
    Path dir;

    private final LinkageVerifier verifier = new LinkageVerifier(getClass().getClassLoader());

    private List<String> verify(PluginJar jar) throws IOException {
        return verifier.verify(jar.writeTo(dir), Map.of(Shelf.class, Set.of("p.Impl")));
    }

    @Test
    void reportsAnImplementationCompiledAgainstAnInterfaceThatLacksAMethodTheApplicationHas() throws IOException {
        Path olderShelf = TestJars.otherShelf(dir, "String label(String item);");
        PluginJar jar = PluginJar.named("plugin-1.0.0.jar").classpath(olderShelf)
                .source("p.Impl", "package p;\n"
                        + "public class Impl implements dev.reload.runtime.verify.Shelf {\n"
                        + "  public String label(String item) { return item; }\n"
                        + "}");

        assertThat(verify(jar)).containsExactly("p.Impl does not implement dev.reload.runtime.verify.Shelf.count()I");
    }

    @Test
    void reportsAnImplementationWhoseMethodHasAnotherReturnType() throws IOException {
        Path otherShelf = TestJars.otherShelf(dir, "String label(String item); long count();");
        PluginJar jar = PluginJar.named("plugin-1.0.0.jar").classpath(otherShelf)
                .source("p.Impl", "package p;\n"
                        + "public class Impl implements dev.reload.runtime.verify.Shelf {\n"
                        + "  public String label(String item) { return item; }\n"
                        + "  public long count() { return 0; }\n"
                        + "}");

        assertThat(verify(jar)).containsExactly("p.Impl does not implement dev.reload.runtime.verify.Shelf.count()I");
    }

    @Test
    void acceptsAMethodInheritedFromASuperclassInTheJar() throws IOException {
        PluginJar jar = PluginJar.named("plugin-1.0.0.jar").classpath(Shelf.class)
                .source("p.Base", "package p; public class Base { public int count() { return 2; } }")
                .source("p.Impl", "package p;\n"
                        + "public class Impl extends Base implements dev.reload.runtime.verify.Shelf {\n"
                        + "  public String label(String item) { return item; }\n"
                        + "}");

        assertThat(verify(jar)).isEmpty();
    }

    @Test
    void acceptsAMethodInheritedFromAnApplicationSuperclass() throws IOException {
        PluginJar jar = PluginJar.named("plugin-1.0.0.jar").classpath(Shelf.class)
                .source("p.Impl", "package p;\n"
                        + "public class Impl extends dev.reload.runtime.verify.ShelfBase {\n"
                        + "  public String label(String item) { return item + count() + KINDS; }\n"
                        + "}");

        assertThat(verify(jar)).isEmpty();
    }

    @Test
    void acceptsAMethodThatADefaultMethodProvides() throws IOException {
        PluginJar jar = PluginJar.named("plugin-1.0.0.jar").classpath(Shelf.class)
                .source("p.Impl", "package p;\n"
                        + "public class Impl implements dev.reload.runtime.verify.DefaultLabels {\n"
                        + "  public int count() { return label(\"x\").length(); }\n"
                        + "}");

        assertThat(verify(jar)).isEmpty();
    }

    @Test
    void reportsAMethodTheApplicationsInterfaceHasWhenOnlyTheBundledCopyHasADefault() throws IOException {
        PluginJar jar = PluginJar.named("plugin-1.0.0.jar")
                .source("dev.reload.runtime.verify.Shelf", "package dev.reload.runtime.verify;\n"
                        + "public interface Shelf { String label(String item); default int count() { return 0; } }")
                .source("p.Impl", "package p;\n"
                        + "public class Impl implements dev.reload.runtime.verify.Shelf {\n"
                        + "  public String label(String item) { return item; }\n"
                        + "}");

        assertThat(verify(jar)).containsExactly("p.Impl does not implement dev.reload.runtime.verify.Shelf.count()I");
    }

    @Test
    void reportsAClassThatDoesNotImplementTheInterfaceAtAll() throws IOException {
        PluginJar jar = PluginJar.named("plugin-1.0.0.jar")
                .source("p.Impl", "package p; public class Impl { public int count() { return 0; } }");

        assertThat(verify(jar)).containsExactly("p.Impl is declared as an implementation of "
                + "dev.reload.runtime.verify.Shelf but does not implement it");
    }
}
