package io.pqrstuv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.pqrstuv.client.card.CardSecretRecord;
import io.pqrstuv.client.card.CardSecretSource;
import io.pqrstuv.client.card.CardSecrets;
import io.pqrstuv.client.jca.PqrstuvProvider;
import io.pqrstuv.cryptnox.card.CardFactory;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.emulator.CardType;
import io.pqrstuv.cryptnox.error.PinException;
import io.pqrstuv.cryptnox.transport.CardConnection;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The SDK's card {@code SecretSource}: JCA signatures against a whole device whose secret lives on
 * a Cryptnox card (the emulator in process); a wrong PIN fails with the tries left before the device
 * is asked anything.
 */
class CardSecretSourceTest {
    static final char[] PIN = "2468".toCharArray();

    static CardConnection inProcess(CardEmulator card) {
        return new CardConnection() {
            @Override
            public byte[] transmit(byte[] command) {
                return card.transmit(command);
            }

            @Override
            public String description() {
                return "emulator";
            }

            @Override
            public void close() {
                card.reset();
            }
        };
    }

    @Test
    void jcaSignaturesWithTheSecretFromTheCard() throws Exception {
        assumeFalse(E2eDevice.external(), "changes the device secret: not against an external device");
        byte[] secret = new byte[64];
        new SecureRandom().nextBytes(secret);
        try (E2eDevice device = E2eDevice.start(); PqrstuvClient client = device.connect();
                CardEmulator emulator = CardEmulator.inMemory(CardType.BASIC_G1)) {
            try (CryptnoxCard card = CardFactory.open(inProcess(emulator))) {
                card.init("sdk", "", PIN, "ABCDEFGHIJKL".toCharArray(), null);
                card.verifyPin(PIN);
                CardSecrets.write(card, CardSecretRecord.empty().withPending(secret).confirmPending());
            }
            try (AuthorizedSequence seq = client.authorize(device.secret())) {
                seq.setSecret(Algorithm.ML_KEM_768, secret);
            }
            KeyId id;
            try (AuthorizedSequence seq = client.authorize(secret)) {
                id = seq.keygen(Algorithm.ES256);
            }
            AtomicInteger pinsAsked = new AtomicInteger();
            PqrstuvProvider provider = new PqrstuvProvider(client, CardSecretSource.of(() -> inProcess(emulator), () -> {
                pinsAsked.incrementAndGet();
                return PIN.clone();
            }));
            assertThat(CardSecretSource.of(() -> inProcess(emulator), () -> PIN.clone()).secret()).isEqualTo(secret);
            KeyStore ks = KeyStore.getInstance("PQRSTUV", provider);
            ks.load(null, null);   // null: the secret comes from the SecretSource
            Signature s = Signature.getInstance("ES256", provider);
            s.initSign((PrivateKey) ks.getKey(id.base64Url(), null));
            s.update("with the card's secret".getBytes());
            byte[] sig = s.sign();
            Signature v = Signature.getInstance("SHA3-256withECDSAinP1363Format", "SunEC");
            v.initVerify(ks.getCertificate(id.base64Url()).getPublicKey());
            v.update("with the card's secret".getBytes());
            assertThat(v.verify(sig)).isTrue();
            assertThat(pinsAsked.get()).isGreaterThanOrEqualTo(2);   // once per device operation

            PqrstuvProvider wrong = new PqrstuvProvider(client, CardSecretSource.of(() -> inProcess(emulator),
                    () -> "1111".toCharArray()));
            KeyStore bad = KeyStore.getInstance("PQRSTUV", wrong);
            assertThatThrownBy(() -> bad.load(null, null))
                    .hasRootCauseInstanceOf(PinException.class)
                    .rootCause().hasMessageContaining("tries left");
            // the device still takes the right secret: no wrong secret reached it
            try (AuthorizedSequence seq = client.authorize(secret)) {
                assertThat(seq.listKeys(Algorithm.ES256).toString()).contains(id.base64Url());
            }
        }
    }
}
