package dev.reload.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The table of options and the README's options table say the same, and the defaults the table writes are the
 * defaults in force, so that neither the documentation nor the code can change without the other.
 */
class OptionTableTest {

    private static final String SECTION = "## Running an application with the agent";
    private static final String HEADER = "| option ";

    @Test
    void theTableListsTheReadmesOptionsInItsOrderWithItsDefaultsAndItsWords() throws IOException {
        List<String> code = Arrays.stream(Option.values())
                .map(option -> row(option.key(),
                        option.defaultValue() == null ? "none" : "`" + option.defaultValue() + "`",
                        option.description()))
                .collect(Collectors.toList());

        assertThat(code).containsExactlyElementsOf(readmeRows());
    }

    @ParameterizedTest
    @EnumSource(Option.class)
    void aDefaultTheTableWritesIsTheDefaultInForce(Option option) {
        ReloadOptions defaults = ReloadOptions.defaults();
        if (option.defaultValue() == null) {
            if (option.shown()) {
                assertThat(option.written(defaults)).as(option.key()).isEmpty();
            }
            return;
        }
        ReloadOptions written = defaults.with(option.key(), option.defaultValue());
        if (option == Option.PLUGINS) {
            // The README writes ./plugins so that it reads as a directory; it is the same directory as plugins.
            assertThat(written.plugins().normalize()).isEqualTo(defaults.plugins());
        } else {
            assertThat(option.written(written)).as(option.key()).isEqualTo(option.written(defaults));
        }
    }

    @Test
    void theMessageForAnUnknownOptionNamesEveryOptionInTheTable() {
        String keys = Arrays.stream(Option.values()).map(Option::key).collect(Collectors.joining(", "));

        assertThatThrownBy(() -> ReloadOptions.parse("bogus=1"))
                .hasMessage("unknown option 'bogus': the options are " + keys);
    }

    @Test
    void managementSeesEveryOptionOfTheTableInItsOrderExceptThePassword() {
        List<String> shown = Arrays.stream(Option.values()).filter(Option::shown).map(Option::key)
                .collect(Collectors.toList());

        assertThat(shown).doesNotContain("trustStorePassword").hasSize(Option.values().length - 1);
        assertThat(ReloadOptions.defaults().asMap()).containsOnlyKeys(shown);
        assertThat(new ArrayList<>(ReloadOptions.defaults().asMap().keySet())).containsExactlyElementsOf(shown);
    }

    /** The rows of the README's options table, each as {@link #row} writes it. */
    private static List<String> readmeRows() throws IOException {
        List<String> lines = Files.readAllLines(readme());
        int section = lines.indexOf(SECTION);
        assertThat(section).as("README.md has a section '%s'", SECTION).isNotNegative();
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(section + 1, lines.size())) {
            if (line.startsWith("## ") || inTable && !line.startsWith("|")) {
                break;
            }
            if (line.startsWith(HEADER)) {
                inTable = true;
            } else if (inTable && !line.startsWith("|-")) {
                String[] cells = line.split("\\|", -1);
                assertThat(cells).as("a row of three cells: %s", line).hasSize(5);
                rows.add(row(cells[1].trim().replace("`", ""), cells[2].trim(), cells[3].trim()));
            }
        }
        assertThat(rows).as("the options table in README.md's section '%s'", SECTION).isNotEmpty();
        return rows;
    }

    private static String row(String key, String defaultValue, String description) {
        return key + " | " + defaultValue + " | " + description;
    }

    /** Surefire runs in the module's directory and names it in {@code basedir}; the README is one level up. */
    private static Path readme() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path readme = module.toAbsolutePath().getParent().resolve("README.md");
        assertThat(readme).as("the repository's README").isRegularFile();
        return readme;
    }
}
