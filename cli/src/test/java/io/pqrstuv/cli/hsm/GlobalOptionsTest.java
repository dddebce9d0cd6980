package io.pqrstuv.cli.hsm;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Where the command name is when options come first; the launcher finds it the same way. */
class GlobalOptionsTest {
    @Test
    void theCommandComesAfterTheOptionsAndTheirValues() {
        assertThat(GlobalOptions.commandIndex(new String[] {"info", "--url", "x"})).isZero();
        assertThat(GlobalOptions.commandIndex(new String[] {"--url", "https://h", "--cacert", "c.pem", "info"})).isEqualTo(4);
        assertThat(GlobalOptions.commandIndex(new String[] {"--url=https://h", "--json", "--pin", "info", "sign"}))
                .as("a value is never the command, even when it reads like one").isEqualTo(4);
        assertThat(GlobalOptions.commandIndex(new String[] {"--json"})).isEqualTo(1);
        assertThat(GlobalOptions.commandIndex(new String[] {"--url"})).as("no command: the length").isEqualTo(1);
        assertThat(GlobalOptions.commandIndex(new String[] {"--version"})).isZero();
        assertThat(GlobalOptions.commandIndex(new String[] {"--no-progress", "info"})).as("not a global option").isZero();
        assertThat(GlobalOptions.commandIndex(new String[0])).isZero();
    }

    @Test
    void theRootDeclaresExactlyTheseOptionsBesideHelpAndVersion() {
        Set<String> root = Main.commandLine().getCommandSpec().options().stream().map(o -> o.longestName())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>(GlobalOptions.WITH_VALUE);
        expected.addAll(Set.of(GlobalOptions.JSON, "--help", "--version"));
        assertThat(root).isEqualTo(expected);
        // each takes a value exactly when the list says so
        for (CommandLine.Model.OptionSpec o : Main.commandLine().getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                assertThat(o.arity().max() > 0).as(o.longestName()).isEqualTo(GlobalOptions.WITH_VALUE.contains(o.longestName()));
            }
        }
    }

    @Test
    void everyOneIsAlsoAnOptionOfTheDeviceCommands() {
        for (String command : new String[] {"keygen", "sign", "set-secret"}) {
            CommandLine sub = Main.commandLine().getSubcommands().get(command);
            Set<String> names = sub.getCommandSpec().options().stream().map(o -> o.longestName()).collect(Collectors.toSet());
            assertThat(names).as(command).containsAll(GlobalOptions.WITH_VALUE).contains(GlobalOptions.JSON);
        }
    }

    @Test
    void theLauncherSkipsTheSameOptions() throws Exception {
        String launcher = Files.readString(Path.of("..", "pqrstuv"));
        Matcher m = Pattern.compile("\\n\\s*(--url[a-z|-]*)\\) skip=1 ;;").matcher(launcher);
        assertThat(m.find()).as("the option loop in ./pqrstuv").isTrue();
        assertThat(new TreeSet<>(Arrays.asList(m.group(1).split("\\|")))).isEqualTo(new TreeSet<>(GlobalOptions.WITH_VALUE));
        Matcher flags = Pattern.compile("\\n\\s*(--url=\\*[^)]*)\\) ;;").matcher(launcher);
        assertThat(flags.find()).isTrue();
        Set<String> expected = GlobalOptions.WITH_VALUE.stream().map(o -> o + "=*").collect(Collectors.toCollection(TreeSet::new));
        expected.add(GlobalOptions.JSON);
        assertThat(new TreeSet<>(Arrays.asList(flags.group(1).split("\\|")))).isEqualTo(expected);
    }
}
