package io.pqrstuv.cli.emulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Argument checks of {@code emulate cryptnox} (the running card is covered by EmulateCryptnoxIT). */
class CryptnoxEmulateCommandTest {
    private static String errorOf(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.commandLine(args).setErr(new PrintWriter(err, true)).execute(args);
        assertThat(code).isNotZero();
        return err.toString();
    }

    @Test
    void exactlyOneTransportAndAStateFileAreRequired() {
        assertThat(errorOf("emulate", "cryptnox", "--state", "x.json")).contains("--vpcd", "--remote");
        assertThat(errorOf("emulate", "cryptnox", "--state", "x.json", "--vpcd", "a:1", "--remote", "b:2"))
                .contains("mutually exclusive");
        assertThat(errorOf("emulate", "cryptnox", "--vpcd")).contains("--state");
    }

    @Test
    void hostPortForms() {
        assertThat(CryptnoxEmulateCommand.hostPort("127.0.0.1:35963", null).getPort()).isEqualTo(35963);
        assertThat(CryptnoxEmulateCommand.hostPort("[::1]:9", null).getHostString()).isEqualTo("::1");
        assertThat(CryptnoxEmulateCommand.hostPort("4000", "127.0.0.1").getHostString()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> CryptnoxEmulateCommand.hostPort("4000", null)).hasMessageContaining("not HOST:PORT");
        assertThatThrownBy(() -> CryptnoxEmulateCommand.hostPort("h:99999", null)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> CryptnoxEmulateCommand.hostPort("::1:9", null)).hasMessageContaining("brackets");
    }

    @Test
    void emulateListsItsProducts() {
        StringWriter out = new StringWriter();
        assertThat(Main.commandLine(new String[] {"emulate"}).setOut(new PrintWriter(out, true)).execute("emulate", "--help"))
                .isZero();
        assertThat(out.toString()).contains("cryptnox");
    }
}
