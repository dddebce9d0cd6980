package io.pqrstuv.cryptnox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.cryptnox.card.CardFactory;
import io.pqrstuv.cryptnox.card.CardPublicKey;
import io.pqrstuv.cryptnox.card.CardType;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.card.HistoryEntry;
import io.pqrstuv.cryptnox.card.SeedSource;
import io.pqrstuv.cryptnox.derivation.CardSignatures;
import io.pqrstuv.cryptnox.derivation.DerivationPath;
import io.pqrstuv.cryptnox.derivation.KeyType;
import io.pqrstuv.cryptnox.error.CardStateException;
import io.pqrstuv.cryptnox.error.CardStatusException;
import io.pqrstuv.cryptnox.error.ConditionsNotSatisfiedException;
import io.pqrstuv.cryptnox.error.PinBlockedException;
import io.pqrstuv.cryptnox.error.PinException;
import io.pqrstuv.cryptnox.error.PukException;
import io.pqrstuv.cryptnox.transport.CardConnection;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/**
 * The whole card lifecycle of issue 12, written once and run over every transport: in process,
 * the remote socket mode, and pcscd + vpcd through javax.smartcardio (or any reader named by
 * {@code -Dpqrstuv.card.reader}). Subclasses say how to reach the card and how to power-cycle it.
 */
abstract class CardLifecycleContract {
    static final HexFormat HEX = HexFormat.of();
    static final char[] PIN = "123456".toCharArray();
    static final char[] PUK = "ABCDEFGHIJKL".toCharArray();
    static final byte[] TV1_SEED = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    static final List<String> PATHS = List.of("m", "m/0'", "m/0'/1", "m/0'/1/2'", "m/0'/1/2'/2", "m/0'/1/2'/2/1000000000");
    static final List<String> K1 = List.of(
            "0339a36013301597daef41fbe593a02cc513d0b55527ec2df1050e2e8ff49c85c2",
            "035a784662a4a20a65bf6aab9ae98a6c068a81c52e4b032c0fb5400c706cfccc56",
            "03501e454bf00751f24b1b489aa925215d66af2234e3891c3b21a52bedb3cd711c",
            "0357bfe1e341d01c69fe5654309956cbea516822fba8a601743a012a7896ee8dc2",
            "02e8445082a72f29b75ca48748a914df60622a609cacfce8ed0e35804560741d29",
            "022a471424da5e657499d1ff51cb43c47481a03b1e77f951fe64cec9f5a48f7011");
    static final List<String> R1 = List.of(
            "0266874dc6ade47b3ecd096745ca09bcd29638dd52c2c12117b11ed3e458cfa9e8",
            "0384610f5ecffe8fda089363a41f56a5c7ffc1d81b59a612d0d649b2d22355590c",
            "03526c63f8d0b4bbbf9c80df553fe66742df4676b241dabefdef67733e070f6844",
            "0359cf160040778a4b14c5f4d7b76e327ccc8c4a6086dd9451b7482b5a4972dda0",
            "029f871f4cb9e1c97f9f4de9ccd0d4a2f2a171110c61178f84430062230833ff20",
            "02216cd26d31147f72427a453c443ed2cde8a1e53c9cc44e5ddf739725413fe3f4");

    /** A new connection to the card (a new card session). */
    abstract CardConnection connect() throws Exception;

    /** Powers the card off and on (the next {@link #connect()} sees a fresh power-up). */
    abstract void powerCycle() throws Exception;

    CryptnoxCard open() throws Exception {
        return CardFactory.open(connect());
    }

    /** A blank card to start from: reset with the test PUK if a previous run left it initialised. */
    CryptnoxCard blank() throws Exception {
        CryptnoxCard c = open();
        if (c.initialized()) {
            c.reset(PUK);
        }
        assertThat(c.initialized()).isFalse();
        return c;
    }

    @Test
    void wholeLifecycle() throws Exception {
        try (CryptnoxCard card = blank()) {
            assertThat(card.type()).isEqualTo(CardType.BASIC_G1);
            assertThat(card.serialNumber().signum()).isPositive();
            assertThatThrownBy(card::info).isInstanceOf(CardStateException.class);
            assertThatThrownBy(() -> card.verifyPin(PIN)).isInstanceOf(CardStateException.class);

            card.init("Alice", "alice@example.com", PIN, PUK, null);
            assertThat(card.initialized()).isTrue();
            assertThat(card.info().name()).isEqualTo("Alice");
            assertThat(card.info().email()).isEqualTo("alice@example.com");
            assertThat(card.info().seedSource()).isEqualTo(SeedSource.NO_SEED);
            assertThat(card.remainingPinTries()).isPositive();
            assertThatThrownBy(() -> card.init("Bob", "", PIN, PUK, null)).isInstanceOf(CardStateException.class);

            // seed generated on the card, then a signature on each curve, verified with independent code
            card.verifyPin(PIN);
            card.generateSeed(PIN);
            assertThat(card.status().seedLoaded()).isTrue();
            assertThat(card.info().seedSource()).isEqualTo(SeedSource.INTERNAL);
            card.verifyPin(PIN);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest("the card signs this".getBytes());
            for (KeyType t : KeyType.values()) {
                card.verifyPin(PIN);
                CardPublicKey pub = card.publicKey(t);
                byte[] sig = card.sign(hash, t, null, PIN);
                assertThat(independentVerify(t, pub.uncompressed(), hash, sig)).as("%s signature", t).isTrue();
                assertThat(CardSignatures.isLowS(t, sig)).isTrue();
                byte[] other = hash.clone();
                other[0] ^= 1;
                assertThat(independentVerify(t, pub.uncompressed(), other, sig)).isFalse();
            }
            long counter = card.signingCounter();
            assertThat(counter).isGreaterThanOrEqualTo(2);
            card.verifyPin(PIN);
            HistoryEntry newest = card.history(0);
            assertThat(newest.signingCounter()).isEqualTo(counter);
            assertThat(newest.hash()).isEqualTo(hash);

            byte[] r1 = card.randomBytes(32);
            byte[] r2 = card.randomBytes(32);
            assertThat(r1).hasSize(32).isNotEqualTo(r2);

            // the generated seed cannot be replaced without a reset
            card.verifyPin(PIN);
            assertThatThrownBy(() -> card.loadSeed(TV1_SEED, PIN)).isInstanceOf(CardStatusException.class);

            card.reset(PUK);
            assertThat(card.initialized()).isFalse();
            card.init("Alice", "", PIN, PUK, null);

            // published vectors: BIP32 TV1 on secp256k1, SLIP-10 TV1 on P-256
            card.verifyPin(PIN);
            card.loadSeed(TV1_SEED, PIN);
            assertThat(card.info().seedSource()).isEqualTo(SeedSource.EXTERNAL);
            card.verifyPin(PIN);
            assertThatThrownBy(() -> card.publicKey(KeyType.K1, DerivationPath.MASTER))
                    .isInstanceOf(IllegalArgumentException.class);
            card.derive(KeyType.K1, DerivationPath.MASTER);
            card.derive(KeyType.R1, DerivationPath.MASTER);
            assertThat(HEX.formatHex(card.publicKey(KeyType.K1).compressed())).isEqualTo(K1.get(0));
            assertThat(HEX.formatHex(card.publicKey(KeyType.R1).compressed())).isEqualTo(R1.get(0));
            for (int i = 1; i < PATHS.size(); i++) {
                DerivationPath p = DerivationPath.parse(PATHS.get(i));
                assertThat(HEX.formatHex(card.publicKey(KeyType.K1, p).compressed())).as("k1 %s", p).isEqualTo(K1.get(i));
                assertThat(HEX.formatHex(card.publicKey(KeyType.R1, p).compressed())).as("r1 %s", p).isEqualTo(R1.get(i));
            }
            DerivationPath deep = DerivationPath.parse(PATHS.get(5));
            card.derive(KeyType.K1, deep);
            assertThat(HEX.formatHex(card.publicKey(KeyType.K1).compressed())).isEqualTo(K1.get(5));
            assertThat(card.currentPath(KeyType.K1)).isEqualTo(deep);
            card.derive(KeyType.R1, DerivationPath.parse(PATHS.get(3)));
            assertThat(HEX.formatHex(card.publicKey(KeyType.R1).compressed())).isEqualTo(R1.get(3));

            // sign with a path (derived for that signature only) on r1
            byte[] sig = card.sign(hash, KeyType.R1, DerivationPath.parse(PATHS.get(4)), PIN);
            assertThat(independentVerify(KeyType.R1, point(KeyType.R1, R1.get(4)), hash, sig)).isTrue();

            // 2,500 bytes of user data, over three pages
            byte[] data = new byte[2500];
            new SecureRandom().nextBytes(data);
            card.verifyPin(PIN);
            card.writeUserData(0, data);
            assertThat(card.readUserData(0)).isEqualTo(data);
            card.writeUserData(0, new byte[] {1, 2, 3});
            assertThat(card.readUserData(0)).containsExactly(1, 2, 3);

            // change PIN: the old one is refused, the new one accepted
            char[] newPin = "987654321".toCharArray();
            card.changePin(newPin);
            assertThatThrownBy(() -> card.verifyPin(PIN)).isInstanceOf(PinException.class);
            card.verifyPin(newPin);
            card.changePin(PIN);
        }

        // wrong PINs until blocked, across power cycles; then unblock with the PUK
        char[] wrong = "0000".toCharArray();
        int seen = 0;
        boolean blocked = false;
        for (int cycle = 0; cycle < 4 && !blocked; cycle++) {
            powerCycle();
            try (CryptnoxCard card = open()) {
                while (true) {
                    try {
                        card.verifyPin(wrong);
                        throw new AssertionError("a wrong PIN was accepted");
                    } catch (PinBlockedException e) {
                        blocked = true;
                        break;
                    } catch (PinException e) {
                        seen++;
                        assertThat(e.getMessage()).containsPattern("wrong PIN, \\d tr(y|ies) left");
                        if (e.triesLeft() == 0) {
                            break;  // no more tries in this power cycle
                        }
                    }
                }
            }
        }
        assertThat(blocked).as("PIN blocked after %d wrong PINs", seen).isTrue();
        assertThat(seen).isGreaterThanOrEqualTo(3);
        powerCycle();
        try (CryptnoxCard card = open()) {
            assertThatThrownBy(() -> card.verifyPin(PIN)).isInstanceOf(PinBlockedException.class);
            assertThatThrownBy(() -> card.unblockPin("ZZZZZZZZZZZZ".toCharArray(), PIN))
                    .isInstanceOfSatisfying(PukException.class, e -> assertThat(e.triesLeft()).isPositive());
            card.unblockPin(PUK, PIN);
            card.verifyPin(PIN);
            assertThat(card.readUserData(0)).containsExactly(1, 2, 3);
            assertThatThrownBy(() -> card.changePuk("ZZZZZZZZZZZZ".toCharArray(), PUK)).isInstanceOf(PukException.class);
            card.reset(PUK);
            assertThat(card.initialized()).isFalse();
        }
    }

    @Test
    void conditionsAreTypedExceptions() throws Exception {
        try (CryptnoxCard card = blank()) {
            card.init("", "", PIN, PUK, null);
            // no seed yet: the host refuses before sending
            assertThatThrownBy(() -> card.publicKey(KeyType.K1)).isInstanceOf(CardStateException.class);
            card.verifyPin(PIN);
            card.loadSeed(TV1_SEED, PIN);
            card.reselect();   // drops the secure channel and the verified PIN
            assertThatThrownBy(() -> card.publicKey(KeyType.K1)).isInstanceOf(ConditionsNotSatisfiedException.class);
            assertThatThrownBy(() -> card.readUserData(0)).isInstanceOf(ConditionsNotSatisfiedException.class);
            card.verifyPin(PIN);
            assertThatThrownBy(() -> card.reset("ZZZZZZZZZZZZ".toCharArray())).isInstanceOf(PukException.class);
            card.reset(PUK);
        }
    }

    static byte[] point(KeyType t, String compressedHex) {
        return t.curve().getCurve().decodePoint(HEX.parseHex(compressedHex)).getEncoded(false);
    }

    /**
     * Verification through JCA, not through this library: the JDK's SunEC for P-256, the Bouncy
     * Castle provider for secp256k1 (the JDK dropped that curve).
     */
    static boolean independentVerify(KeyType t, byte[] uncompressed, byte[] hash, byte[] der) throws Exception {
        var oid = t == KeyType.R1 ? X9ObjectIdentifiers.prime256v1 : org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256k1;
        byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, oid), uncompressed)
                .getEncoded();
        PublicKey key;
        Signature s;
        if (t == KeyType.R1) {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
            s = Signature.getInstance("NONEwithECDSA");
        } else {
            BouncyCastleProvider bc = new BouncyCastleProvider();
            key = KeyFactory.getInstance("EC", bc).generatePublic(new X509EncodedKeySpec(spki));
            s = Signature.getInstance("NONEwithECDSA", bc);
        }
        s.initVerify(key);
        s.update(hash);
        return s.verify(der);
    }
}
