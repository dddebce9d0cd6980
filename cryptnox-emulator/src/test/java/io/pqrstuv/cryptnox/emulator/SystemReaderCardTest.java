package io.pqrstuv.cryptnox.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cryptnox.emulator.testing.ApduTransport;
import io.pqrstuv.cryptnox.emulator.testing.HostCard;
import javax.smartcardio.Card;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The card-level contract against any reader of the system's PC/SC daemon — a real Cryptnox card,
 * or this emulator run with {@code ./pqrstuv emulate cryptnox --vpcd}:
 * {@code ./mvnw -pl cryptnox-emulator -am verify -Dtest=SystemReaderCardTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dcryptnox.test.reader="Virtual PCD 00 00"}. Run it alone (the private-pcscd tests point this JVM's
 * PC/SC client at their own daemon). The card must be blank with the default pairing secret usable;
 * every test leaves it blank again (RESET with the PUK it chose).
 */
@EnabledIfSystemProperty(named = "cryptnox.test.reader", matches = ".+")
class SystemReaderCardTest extends CardContract {
    private Card pcsc;
    private boolean emulated;

    @AfterEach
    void disconnect() throws Exception {
        if (pcsc != null) {
            pcsc.disconnect(true);
            pcsc = null;
        }
    }

    @Override
    protected HostCard connect() throws Exception {
        if (pcsc != null) {
            pcsc.disconnect(true);
        }
        String name = System.getProperty("cryptnox.test.reader");
        CardTerminal t = TerminalFactory.getDefault().terminals().getTerminal(name);
        assertThat(t).as("reader '" + name + "' in " + TerminalFactory.getDefault().terminals().list()).isNotNull();
        pcsc = t.connect("T=1");
        HostCard h = new HostCard(ApduTransport.of(pcsc.getBasicChannel()));
        h.connect();
        emulated = h.parsedCertificate().getIssuerX500Principal().getName().contains("pqrstuv");
        return h;
    }

    @Override
    protected boolean emulated() {
        return emulated;
    }
}
