package io.pqrstuv.cryptnox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.cryptnox.card.CardFactory;
import io.pqrstuv.cryptnox.card.CardPublicKey;
import io.pqrstuv.cryptnox.card.CardType;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.derivation.DerivationPath;
import io.pqrstuv.cryptnox.derivation.KeyType;
import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.error.CardStateException;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** The NFT variant: its INIT marker, a generated seed and a k1 signature; what it lacks is refused on the host. */
class NftCardTest {
    static final char[] PIN = "4321".toCharArray();

    @Test
    void nftCardBasics() throws Exception {
        try (CardEmulator emulator = CardEmulator.inMemory(io.pqrstuv.cryptnox.emulator.CardType.NFT);
                CryptnoxCard card = CardFactory.open(new EmulatorConnection(emulator))) {
            assertThat(card.type()).isEqualTo(CardType.NFT);
            card.init("nft", "", PIN, "ABCDEFGHIJKL".toCharArray(), null);
            assertThat(card.initialized()).isTrue();
            card.verifyPin(PIN);
            card.generateSeed(PIN);
            card.verifyPin(PIN);
            CardPublicKey k = card.publicKey(KeyType.K1);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest("nft".getBytes());
            byte[] sig = card.sign(hash, KeyType.K1, null, PIN);
            assertThat(CardLifecycleContract.independentVerify(KeyType.K1, k.uncompressed(), hash, sig)).isTrue();
            assertThatThrownBy(() -> card.derive(KeyType.K1, DerivationPath.parse("m/0"))).isInstanceOf(CardStateException.class);
            assertThatThrownBy(() -> card.randomBytes(16)).isInstanceOf(CardStateException.class);
            assertThatThrownBy(() -> card.loadSeed(new byte[16], PIN)).isInstanceOf(CardStateException.class);
        }
    }

    @Test
    void theSignatureCheckIsSignedByTheCurrentKey() throws Exception {
        try (CardEmulator emulator = CardEmulator.inMemory(io.pqrstuv.cryptnox.emulator.CardType.NFT);
                CryptnoxCard card = CardFactory.open(new EmulatorConnection(emulator))) {
            card.init("nft", "", PIN, "ABCDEFGHIJKL".toCharArray(), null);
            card.verifyPin(PIN);
            card.generateSeed(PIN);
            byte[] nonce = java.util.HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
            io.pqrstuv.cryptnox.card.NftSignatureCheck check = card.signatureCheck(nonce);
            assertThat(check.nonce()).isEqualTo(nonce);
            assertThat(check.message()).hasSize(36);
            card.verifyPin(PIN);
            CardPublicKey k = card.publicKey(KeyType.K1);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(check.message());
            assertThat(CardLifecycleContract.independentVerify(KeyType.K1, k.uncompressed(), digest, check.signature()))
                    .isTrue();
            assertThat(check.verify(k)).isTrue();
            // a random nonce each time; a check of another nonce is another message
            io.pqrstuv.cryptnox.card.NftSignatureCheck other = card.signatureCheck();
            assertThat(other.nonce()).isNotEqualTo(nonce);
            assertThat(other.verify(k)).isTrue();
            assertThatThrownBy(() -> card.signatureCheck(new byte[8])).isInstanceOf(IllegalArgumentException.class);
        }
        try (CardEmulator emulator = CardEmulator.inMemory(io.pqrstuv.cryptnox.emulator.CardType.BASIC_G1);
                CryptnoxCard card = CardFactory.open(new EmulatorConnection(emulator))) {
            assertThatThrownBy(card::signatureCheck).isInstanceOf(CardStateException.class).hasMessageContaining("NFT");
        }
    }
}
