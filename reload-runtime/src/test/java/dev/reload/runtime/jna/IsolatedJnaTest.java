package dev.reload.runtime.jna;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Set;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class IsolatedJnaTest {

    @Test
    void theBindingAndJnaLiveInALoaderOfTheirOwnBesideTheClassPathsJna() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "not Linux");
        assumeTrue(Set.of("amd64", "aarch64").contains(System.getProperty("os.arch")), "another processor");

        IntUnaryOperator membarrier = IsolatedJna.load(Membarrier.class.getName(), IntUnaryOperator.class);

        ClassLoader isolated = membarrier.getClass().getClassLoader();
        assertThat(isolated).isNotSameAs(IsolatedJnaTest.class.getClassLoader());
        assertThat(membarrier.getClass()).isNotSameAs(Membarrier.class);
        Class<?> theirNative = Class.forName("com.sun.jna.Native", false, isolated);
        Class<?> ourNative = Class.forName("com.sun.jna.Native", false, IsolatedJnaTest.class.getClassLoader());
        assertThat(theirNative).isNotSameAs(ourNative);
        assertThat(theirNative.getClassLoader()).isSameAs(isolated);
        assertThat(membarrier.applyAsInt(0)).as("MEMBARRIER_CMD_QUERY: the commands this kernel has").isPositive();
    }

    @Test
    void aBindingThatIsNotThereIsAClassNotFound() {
        assertThatThrownBy(
                () -> IsolatedJna.load("dev.reload.runtime.jna.Missing", IntUnaryOperator.class))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
