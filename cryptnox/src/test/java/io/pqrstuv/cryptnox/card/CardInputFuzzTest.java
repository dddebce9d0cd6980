package io.pqrstuv.cryptnox.card;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pqrstuv.cryptnox.apdu.ResponseApdu;
import io.pqrstuv.cryptnox.derivation.CardSignatures;
import io.pqrstuv.cryptnox.derivation.ExtendedPublicKey;
import io.pqrstuv.cryptnox.derivation.KeyType;
import io.pqrstuv.cryptnox.error.CardProtocolException;
import io.pqrstuv.cryptnox.transport.RemoteFraming;

/**
 * Jazzer fuzz test of everything the library parses from a card or a card server: each parser either
 * returns a value or throws its documented exception, never anything else. Under plain
 * {@code mvn verify} it runs in regression mode; set JAZZER_FUZZ=1 to fuzz.
 */
class CardInputFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void parsersFailOnlyWithTheirDocumentedExceptions(FuzzedDataProvider data) {
        int which = data.consumeInt(0, 6);
        byte[] b = data.consumeRemainingAsBytes();
        try {
            switch (which) {
                case 0 -> {
                    byte[] r = RemoteFraming.parseReply(b);
                    assertThat(r.length).isGreaterThanOrEqualTo(2);
                }
                case 1 -> RemoteFraming.parseCommand(b);
                case 2 -> {
                    if (b.length == RemoteFraming.HEADER) {
                        assertThat(RemoteFraming.parseHeader(b)).isBetween(0, RemoteFraming.MAX_BODY);
                    }
                }
                case 3 -> {
                    ResponseApdu r = ResponseApdu.parse(b);
                    assertThat(r.encode()).isEqualTo(b);
                }
                case 4 -> CardInfo.parse(b);
                case 5 -> SelectResponse.parse(b);
                default -> {
                    try {
                        ExtendedPublicKey.fromCard(KeyType.K1, b);
                    } catch (IllegalArgumentException expected) {
                        // documented
                    }
                    try {
                        CardSignatures.decode(b);
                    } catch (IllegalArgumentException expected) {
                        // documented
                    }
                }
            }
        } catch (CardProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
