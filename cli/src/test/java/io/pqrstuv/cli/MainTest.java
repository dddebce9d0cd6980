package io.pqrstuv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cli.hsm.GlobalOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The on-demand command tree: the same commands and names as the full one, only fewer built. */
class MainTest {
    @Test
    void everyRegisteredNameIsTheCommandsOwnName() {
        Main.SUBCOMMANDS.forEach((name, make) ->
                assertThat(new CommandLine(make.get()).getCommandName()).as(name).isEqualTo(name));
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        CommandLine cl = Main.commandLine(new String[] {"info", "--json"});
        assertThat(cl.getSubcommands().keySet()).containsExactly("info");
    }

    @Test
    void optionsBeforeTheCommandStillModelOnlyThatCommand() {
        for (String[] args : new String[][] {{"--url", "https://h:1", "--cacert", "c.pem", "info"},
            {"--url=https://h:1", "--json", "--timeout", "5", "keygen", "ES256"}, {"--secret-file", "-", "--pin", "ab", "sign"}}) {
            String command = args[GlobalOptions.commandIndex(args)];
            assertThat(Main.commandLine(args).getSubcommands().keySet()).as(String.join(" ", args)).containsExactly(command);
        }
    }

    @Test
    void versionAloneBuildsNoSubcommand() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine(new String[] {"--version"});
        assertThat(cl.getSubcommands()).isEmpty();
        assertThat(cl.setOut(new PrintWriter(out, true)).execute("--version")).isZero();
        assertThat(out.toString().strip()).isEqualTo("pqrstuv 0.1.0");
    }

    @Test
    void optionsHelpAndTyposGetTheWholeTree() {
        for (String[] args : new String[][] {{}, {"--help"}, {"-h"}, {"--version", "info"}, {"help", "info"}, {"generate-completion"}, {"inof"}}) {
            assertThat(Main.commandLine(args).getSubcommands().keySet()).as(String.join(" ", args))
                    .containsExactlyElementsOf(Main.SUBCOMMANDS.keySet());
        }
    }

    @Test
    void typoIsAnsweredWithASuggestionAndHelpResolvesNames() {
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new String[] {"keygne"}).setErr(new PrintWriter(err, true)).execute("keygne");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("did you mean 'keygen'").doesNotContain("\n\n");

        StringWriter out = new StringWriter();
        assertThat(Main.commandLine(new String[] {"help", "keygen"}).setOut(new PrintWriter(out, true))
                .execute("help", "keygen")).isZero();
        assertThat(out.toString()).contains("Usage: pqrstuv keygen");
    }
}
