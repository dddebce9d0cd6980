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

/** The list of device-talking commands, which the warm-up and the launcher's AOT training share. */
class WarmUpTest {
    @Test
    void connectingCommandsAreTheClientCommandsButVerify() {
        Set<String> clients = new TreeSet<>();
        CommandLine all = Main.commandLine();
        all.getSubcommands().forEach((name, cl) -> {
            if (cl.getCommand() instanceof ClientCommand && !name.equals("verify")) {
                clients.add(name);
            }
        });
        assertThat(new TreeSet<>(WarmUp.CONNECTING)).isEqualTo(clients);
    }

    @Test
    void theLauncherTrainsOnTheSameCommands() throws Exception {
        String launcher = Files.readString(Path.of("..", "pqrstuv"));
        Matcher m = Pattern.compile("\\n\\s*(info\\|[a-z|\\\\\\s-]+)\\) train=1").matcher(launcher);
        assertThat(m.find()).as("the training case in ./pqrstuv").isTrue();
        Set<String> trained = Arrays.stream(m.group(1).split("[|\\\\\\s]+")).filter(w -> !w.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(trained).isEqualTo(new TreeSet<>(WarmUp.CONNECTING));
    }

    @Test
    void localAndHelpCallsStartNoThread() throws Exception {
        for (String[] args : new String[][] {{}, {"--help"}, {"verify", "x"}, {"device"}, {"help", "info"}}) {
            long before = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("pqrstuv-warm-up")).count();
            WarmUp.startFor(args);
            long after = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("pqrstuv-warm-up")).count();
            assertThat(after).as(String.join(" ", args)).isLessThanOrEqualTo(before);
        }
    }
}
