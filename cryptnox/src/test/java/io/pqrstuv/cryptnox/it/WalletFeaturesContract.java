package io.pqrstuv.cryptnox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.cryptnox.card.CardFactory;
import io.pqrstuv.cryptnox.card.CardPublicKey;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.card.DualSeed;
import io.pqrstuv.cryptnox.card.Ecies;
import io.pqrstuv.cryptnox.card.PublicKeyAttestation;
import io.pqrstuv.cryptnox.card.SeedSource;
import io.pqrstuv.cryptnox.card.UserKeyInfo;
import io.pqrstuv.cryptnox.card.UserKeySlot;
import io.pqrstuv.cryptnox.card.UserKeys;
import io.pqrstuv.cryptnox.derivation.DerivationPath;
import io.pqrstuv.cryptnox.derivation.KeyType;
import io.pqrstuv.cryptnox.error.CardProtocolException;
import io.pqrstuv.cryptnox.error.CardStateException;
import io.pqrstuv.cryptnox.error.CommandNotAllowedException;
import io.pqrstuv.cryptnox.error.ConditionsNotSatisfiedException;
import io.pqrstuv.cryptnox.error.DataValidationException;
import io.pqrstuv.cryptnox.error.PinException;
import io.pqrstuv.cryptnox.error.PukException;
import io.pqrstuv.cryptnox.error.ReferencedDataNotFoundException;
import io.pqrstuv.cryptnox.transport.CardConnection;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;

/**
 * The commands past the common lifecycle (user keys, DECRYPT, dual and wrapped seeds, SIGN PUBLIC,
 * the clear public key read) against a firmware 2.0.0 Basic card, written once and run over every
 * transport. Every result is checked with code independent of this library: the JDK's ECDH, AES
 * and RSA-OAEP for DECRYPT and seed wrapping, JCA signatures for user keys and attestations.
 * Subclasses supply two cards (dual generation needs both at once).
 */
abstract class WalletFeaturesContract {
    static final HexFormat HEX = HexFormat.of();
    static final char[] PIN = "2468".toCharArray();
    static final char[] PUK = "PUKPUKPUKPUK".toCharArray();
    static final byte[] TV1_SEED = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    static final String TV1_K1_MASTER = "0339a36013301597daef41fbe593a02cc513d0b55527ec2df1050e2e8ff49c85c2";
    static final String TV1_R1_MASTER = "0266874dc6ade47b3ecd096745ca09bcd29638dd52c2c12117b11ed3e458cfa9e8";
    final SecureRandom random = new SecureRandom();

    /** A new session with the first card (firmware 2.0.0, Basic G1). */
    abstract CardConnection connect() throws Exception;

    /** A new session with a second, different card of the same kind. */
    abstract CardConnection connectSecond() throws Exception;

    /** An initialised card with the test PIN verified, reset first if a previous test left it initialised. */
    CryptnoxCard initialised(CardConnection connection) throws Exception {
        CryptnoxCard c = CardFactory.open(connection);
        if (c.initialized()) {
            c.reset(PUK);
        }
        c.init("Features", "f@example.com", PIN, PUK, null);
        c.verifyPin(PIN);
        return c;
    }

    CryptnoxCard seeded() throws Exception {
        CryptnoxCard c = initialised(connect());
        c.loadSeed(TV1_SEED, PIN);
        c.verifyPin(PIN);
        return c;
    }

    // ------------------------------------------------------------------ DECRYPT

    @Test
    void decryptAgreesWithTheHostsOwnEcies() throws Exception {
        try (CryptnoxCard card = seeded()) {
            PublicKey cardKey = jcaKey(card.decryptionPublicKey().uncompressed());
            // the sender's side, with the JDK only
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair eph = g.generateKeyPair();
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(eph.getPrivate());
            ka.doPhase(cardKey, true);
            byte[] k = MessageDigest.getInstance("SHA-256").digest(ka.generateSecret());
            byte[] plain = "three blocks: forty-eight bytes to decrypt here.".getBytes(StandardCharsets.US_ASCII);
            assertThat(plain.length % 16).isZero();
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, 16, 16, "AES"), new IvParameterSpec(k, 0, 16));
            byte[] ct = aes.doFinal(plain);

            ECPublicKey ephPub = (ECPublicKey) eph.getPublic();
            assertThat(card.decryptionKey(ephPub, PIN)).isEqualTo(k);
            assertThat(card.decrypt(ephPub, ct, PIN)).isEqualTo(plain);

            // the library's sender side and message format, round trip through the card
            byte[] text = "a message of any length".getBytes(StandardCharsets.UTF_8);
            Ecies.Message m = Ecies.encrypt(card.decryptionPublicKey(), text, random);
            assertThat(card.decrypt(Ecies.Message.parse(m.encode()), PIN)).isEqualTo(text);

            // refusals: host-side checks, a wrong PIN, a message for another key
            assertThatThrownBy(() -> card.decrypt(ephPub, new byte[15], PIN)).isInstanceOf(IllegalArgumentException.class);
            KeyPairGenerator k1 = KeyPairGenerator.getInstance("EC");
            k1.initialize(new ECGenParameterSpec("secp384r1"));
            assertThatThrownBy(() -> card.decryptionKey((ECPublicKey) k1.generateKeyPair().getPublic(), PIN))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> card.decryptionKey(ephPub, "9999".toCharArray()))
                    .isInstanceOfSatisfying(PinException.class, e -> assertThat(e.triesLeft()).isEqualTo(2));
            card.verifyPin(PIN);
            KeyPair other = g.generateKeyPair();
            Ecies.Message forOther = Ecies.encrypt((ECPublicKey) other.getPublic(), text, random);
            assertThatThrownBy(() -> card.decrypt(forOther, PIN)).isInstanceOf(CardProtocolException.class)
                    .hasMessageContaining("padding");
        }
    }

    @Test
    void theLibrarysEciesIsWhatAPlainHostDecrypts() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair recipient = g.generateKeyPair();
        for (int len : new int[] {0, 1, 15, 16, 17, 1000}) {
            byte[] text = new byte[len];
            random.nextBytes(text);
            byte[] encoded = Ecies.encrypt((ECPublicKey) recipient.getPublic(), text, random).encode();
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(recipient.getPrivate());
            ka.doPhase(jcaKey(Arrays.copyOf(encoded, 65)), true);
            byte[] k = MessageDigest.getInstance("SHA-256").digest(ka.generateSecret());
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, 16, 16, "AES"), new IvParameterSpec(k, 0, 16));
            assertThat(aes.doFinal(encoded, 65, encoded.length - 65)).isEqualTo(text);
        }
        assertThatThrownBy(() -> Ecies.Message.parse(new byte[65 + 15])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ecies.Message.parse(new byte[65 + 16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ecies.unpad(HEX.parseHex("00".repeat(15) + "11"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ecies.unpad(HEX.parseHex("00".repeat(14) + "0302"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Ecies.unpad(HEX.parseHex("41".repeat(14) + "0202"))).hasSize(14);
    }

    // ------------------------------------------------------------------ user keys

    @Test
    void userKeysStandInForThePinAndAuthoriseSignatures() throws Exception {
        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGen.generateKeyPair();
        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        KeyPair rsa = rsaGen.generateKeyPair();
        try (CryptnoxCard card = seeded()) {
            UserKeys keys = card.userKeys();
            assertThat(keys.registered(UserKeySlot.EC_P256)).isFalse();
            assertThat(keys.info(UserKeySlot.EC_P256)).isEmpty();
            assertThatThrownBy(() -> keys.add(UserKeySlot.EC_P256, "laptop", ec.getPublic(), null, "WRONGWRONGWR".toCharArray()))
                    .isInstanceOf(PukException.class);
            keys.add(UserKeySlot.EC_P256, "laptop TPM", ec.getPublic(), null, PUK);
            keys.add(UserKeySlot.RSA_2048, "backup RSA key", rsa.getPublic(), null, PUK);
            assertThat(keys.registered(UserKeySlot.EC_P256)).isTrue();
            assertThat(card.status().userKey(2)).isTrue();
            assertThatThrownBy(() -> keys.add(UserKeySlot.EC_P256, "again", ec.getPublic(), null, PUK))
                    .isInstanceOf(CommandNotAllowedException.class).hasMessageContaining("already holds");
            card.verifyPin(PIN);
            UserKeyInfo info = keys.info(UserKeySlot.EC_P256).orElseThrow();
            assertThat(info.description()).isEqualTo("laptop TPM");
            assertThat(info.publicKey().getEncoded()).isEqualTo(ec.getPublic().getEncoded());
            assertThat(((RSAPublicKey) keys.info(UserKeySlot.RSA_2048).orElseThrow().publicKey()).getModulus())
                    .isEqualTo(((RSAPublicKey) rsa.getPublic()).getModulus());

            // host-side refusals
            assertThatThrownBy(() -> keys.add(UserKeySlot.FIDO, "x", ec.getPublic(), null, PUK))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> keys.add(UserKeySlot.RSA_2048, "x", ec.getPublic(), null, PUK))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> keys.add(UserKeySlot.EC_P256, "é", ec.getPublic(), null, PUK))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> keys.add(UserKeySlot.EC_P256, "x".repeat(65), ec.getPublic(), null, PUK))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        // a new session: the EC key answers the challenge instead of the PIN
        try (CryptnoxCard card = CardFactory.open(connect())) {
            UserKeys keys = card.userKeys();
            assertThatThrownBy(() -> keys.open(UserKeySlot.EC_P256, new byte[70]))
                    .isInstanceOf(ConditionsNotSatisfiedException.class).hasMessageContaining("no challenge");
            byte[] challenge = keys.challenge();
            // the wrong key's signature is refused (and uses the challenge up)
            assertThat(keys.open(UserKeySlot.EC_P256, jcaSign("SHA256withECDSA", ecGen.generateKeyPair(), challenge)))
                    .isFalse();
            assertThat(card.userKeyAuthenticated()).isFalse();
            challenge = keys.challenge();
            assertThat(keys.open(UserKeySlot.EC_P256, jcaSign("SHA256withECDSA", ec, challenge))).isTrue();
            assertThat(card.userKeyAuthenticated()).isTrue();
            // what the PIN unlocks is open now, and PIN fields are left out
            assertThat(card.publicKey(KeyType.K1).compressed()).isEqualTo(HEX.parseHex(TV1_K1_MASTER));
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            Ecies.Message m = Ecies.encrypt(card.decryptionPublicKey(), "via user key".getBytes(StandardCharsets.US_ASCII),
                    random);
            assertThat(card.decrypt(m, null)).isEqualTo("via user key".getBytes(StandardCharsets.US_ASCII));

            // the RSA key authorises one signature of one hash, without PIN
            byte[] hash = MessageDigest.getInstance("SHA-256").digest("pay 1 coin".getBytes(StandardCharsets.US_ASCII));
            assertThat(keys.authorizeSignature(UserKeySlot.RSA_2048, hash, jcaSign("SHA256withRSA", rsa, new byte[32])))
                    .as("a signature of another hash").isFalse();
            assertThat(keys.authorizeSignature(UserKeySlot.RSA_2048, hash, UserKeys.sign(UserKeySlot.RSA_2048,
                    rsa.getPrivate(), hash))).isTrue();
            CardPublicKey k1 = card.publicKey(KeyType.K1);
            byte[] sig = card.signAuthorized(hash, KeyType.K1, null, k1);
            assertThat(CardLifecycleContract.independentVerify(KeyType.K1, k1.uncompressed(), hash, sig)).isTrue();
            // once only
            assertThatThrownBy(() -> card.signAuthorized(hash, KeyType.K1, null, k1)).isInstanceOf(DataValidationException.class);
        }
        try (CryptnoxCard card = CardFactory.open(connect())) {
            UserKeys keys = card.userKeys();
            byte[] c = keys.challenge();
            assertThat(keys.open(UserKeySlot.RSA_2048, UserKeys.sign(UserKeySlot.RSA_2048, rsa.getPrivate(), c))).isTrue();
            assertThat(card.readUserData(0)).isEmpty();
            keys.delete(UserKeySlot.EC_P256, PUK);
            assertThat(keys.registered(UserKeySlot.EC_P256)).isFalse();
            assertThatThrownBy(() -> keys.delete(UserKeySlot.EC_P256, PUK)).isInstanceOf(CommandNotAllowedException.class)
                    .hasMessageContaining("empty");
            card.verifyPin(PIN);
            assertThat(keys.info(UserKeySlot.EC_P256)).isEmpty();
            card.reset(PUK);
        }
    }

    @Test
    void aFidoKeyOpensTheCardWithAWebAuthnAssertion() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair authenticator = g.generateKeyPair();
        byte[] credentialId = HEX.parseHex("c0ffee00112233445566778899aabbccddeeff00");
        try (CryptnoxCard card = initialised(connect())) {
            UserKeys keys = card.userKeys();
            assertThatThrownBy(() -> keys.add(UserKeySlot.FIDO, "key", authenticator.getPublic(), null, PUK))
                    .isInstanceOf(IllegalArgumentException.class);
            keys.add(UserKeySlot.FIDO, "security key", authenticator.getPublic(), credentialId, PUK);
        }
        try (CryptnoxCard card = CardFactory.open(connect())) {
            UserKeys keys = card.userKeys();
            assertThat(keys.fidoCredentialId()).isEqualTo(credentialId);
            byte[] challenge = keys.challenge();
            assertThat(keys.open(UserKeySlot.FIDO, webAuthnAssertion(authenticator, challenge, 7))).isTrue();
            card.generateSeed(null);
            assertThat(card.status().seedLoaded()).isTrue();
            card.reset(PUK);
        }
    }

    /** counter (4) ‖ ECDSA over SHA-256(rp_id) ‖ flags 05 ‖ counter ‖ SHA-256(clientDataJSON), as an authenticator makes it. */
    static byte[] webAuthnAssertion(KeyPair key, byte[] challenge, int counter) throws Exception {
        byte[] c = {(byte) (counter >> 24), (byte) (counter >> 16), (byte) (counter >> 8), (byte) counter};
        String clientData = "{\"type\": \"webauthn.get\", \"origin\": \"https://cryptnox.ch\", \"challenge\": \""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(challenge) + "\", \"clientExtensions\": {}}";
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] authData = concat(sha.digest("cryptnox.ch".getBytes(StandardCharsets.US_ASCII)), new byte[] {5}, c);
        byte[] sig = jcaSign("SHA256withECDSA", key,
                concat(authData, sha.digest(clientData.getBytes(StandardCharsets.US_ASCII))));
        return concat(c, sig);
    }

    // ------------------------------------------------------------------ seeds

    @Test
    void dualGenerationGivesBothCardsTheSameSeed() throws Exception {
        try (CryptnoxCard a = initialised(connect()); CryptnoxCard b = initialised(connectSecond())) {
            assertThatThrownBy(() -> DualSeed.generate(a, PIN, a, PIN)).isInstanceOf(IllegalArgumentException.class);
            CardPublicKey common = DualSeed.generate(a, PIN, b, PIN);
            assertThat(a.info().seedSource()).isEqualTo(SeedSource.DUAL);
            assertThat(b.info().seedSource()).isEqualTo(SeedSource.DUAL);
            DerivationPath p = DerivationPath.parse("m/44'/60'/0'/0/7");
            assertThat(a.publicKey(KeyType.R1, p).uncompressed()).isEqualTo(b.publicKey(KeyType.R1, p).uncompressed());
            assertThat(common.uncompressed()).isEqualTo(a.publicKey(KeyType.K1).uncompressed());
            // a card that already has a seed cannot join
            assertThatThrownBy(() -> DualSeed.generate(a, PIN, b, PIN)).isInstanceOf(CardStateException.class);
            a.reset(PUK);
            b.reset(PUK);
        }
        // a tampered key from the other card fails the group signature on the card
        try (CryptnoxCard a = initialised(connect()); CryptnoxCard b = initialised(connectSecond())) {
            byte[] keyB = b.dualSeedPublicKey(PIN);
            a.dualSeedPublicKey(PIN);
            keyB[10] ^= 1;
            assertThatThrownBy(() -> a.dualSeedLoad(keyB, PIN)).isInstanceOf(DataValidationException.class);
            assertThat(a.status().seedLoaded()).isFalse();
            a.reset(PUK);
            b.reset(PUK);
        }
    }

    @Test
    void aWrappedSeedIsLoadedUnderTheCardsRsaKey() throws Exception {
        try (CryptnoxCard card = initialised(connect())) {
            RSAPublicKey wrapKey = card.generateSeedWrapKey(2048);
            assertThat(wrapKey.getModulus().bitLength()).isEqualTo(2048);
            assertThat(wrapKey.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
            // wrapped with the JDK's own OAEP, not the library's
            Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            oaep.init(Cipher.ENCRYPT_MODE, wrapKey);
            byte[] wrapped = oaep.doFinal(TV1_SEED);
            assertThatThrownBy(() -> card.loadWrappedSeed(wrapped, "1111".toCharArray())).isInstanceOf(PinException.class);
            card.verifyPin(PIN);
            card.loadWrappedSeed(wrapped, PIN);
            card.verifyPin(PIN);
            assertThat(card.info().seedSource()).isEqualTo(SeedSource.WRAPPED);
            assertThat(card.publicKey(KeyType.K1).compressed()).isEqualTo(HEX.parseHex(TV1_K1_MASTER));
            assertThat(card.publicKey(KeyType.R1).compressed()).isEqualTo(HEX.parseHex(TV1_R1_MASTER));
            assertThatThrownBy(() -> card.loadWrappedSeed(wrapped, PIN)).isInstanceOf(CommandNotAllowedException.class)
                    .hasMessageContaining("already has a seed");
            card.reset(PUK);
        }
        // the one-call form
        try (CryptnoxCard card = initialised(connect())) {
            byte[] seed = new byte[64];
            random.nextBytes(seed);
            card.loadSeedWrapped(seed, PIN);
            card.verifyPin(PIN);
            assertThat(card.info().seedSource()).isEqualTo(SeedSource.WRAPPED);
            assertThatThrownBy(() -> card.generateSeedWrapKey(1000)).isInstanceOf(IllegalArgumentException.class);
            card.reset(PUK);
        }
    }

    // ------------------------------------------------------------------ SIGN PUBLIC and the clear read

    @Test
    void signPublicAttestsTheCurrentKeyWithTheCertificatesKey() throws Exception {
        try (CryptnoxCard card = seeded()) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(card.manufacturerCertificate().der()));
            card.derive(KeyType.K1, DerivationPath.parse("m/44'/0'/0'/0/3"));
            for (KeyType t : KeyType.values()) {
                PublicKeyAttestation a = card.signPublic(t);
                assertThat(a.key().uncompressed()).isEqualTo(card.publicKey(t).uncompressed());
                assertThat(a.cardSerial()).isEqualTo(cert.getSerialNumber());
                Signature v = Signature.getInstance("SHA256withECDSA");
                v.initVerify(cert.getPublicKey());
                v.update(a.key().uncompressed());
                assertThat(v.verify(a.signature())).as(t.toString()).isTrue();
            }
            card.reset(PUK);
        }
        try (CryptnoxCard card = CardFactory.open(connect())) {
            card.init("x", "", PIN, PUK, null);
            assertThatThrownBy(() -> card.signPublic(KeyType.K1)).isInstanceOf(CardStateException.class)
                    .hasMessageContaining("no seed");
            card.reset(PUK);
        }
    }

    @Test
    void theClearPublicKeyReadNeedsThePuksPermission() throws Exception {
        try (CryptnoxCard card = seeded()) {
            card.derive(KeyType.R1, DerivationPath.parse("m/1'/2"));
            CardPublicKey k1 = card.publicKey(KeyType.K1);
            CardPublicKey r1 = card.publicKey(KeyType.R1);
            assertThatThrownBy(() -> card.publicKeyClear(KeyType.K1)).isInstanceOf(ReferencedDataNotFoundException.class)
                    .hasMessageContaining("not enabled");
            card.setClearPublicKeyRead(true, PUK);
            assertThat(card.status().clearPublicKeyRead()).isTrue();
        }
        // a terminal without PIN or pairing secret: plain APDUs only
        try (CryptnoxCard card = CardFactory.open(connect())) {
            assertThat(card.publicKeyClear(KeyType.K1).compressed()).isEqualTo(HEX.parseHex(TV1_K1_MASTER));
            assertThat(card.publicKeyClear().compressed()).isEqualTo(HEX.parseHex(TV1_K1_MASTER));
            assertThat(card.publicKeyClear(KeyType.R1).uncompressed()).isNotEqualTo(point(TV1_R1_MASTER));
            assertThat(card.secureChannelOpen()).isFalse();
            card.verifyPin(PIN);
            assertThat(card.publicKeyClear(KeyType.R1).uncompressed()).isEqualTo(card.publicKey(KeyType.R1).uncompressed());
            card.reset(PUK);
        }
    }

    // ------------------------------------------------------------------ helpers

    static byte[] point(String compressedHex) {
        return KeyType.R1.curve().getCurve().decodePoint(HEX.parseHex(compressedHex)).getEncoded(false);
    }

    static PublicKey jcaKey(byte[] p256Uncompressed) throws Exception {
        byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                X9ObjectIdentifiers.prime256v1), p256Uncompressed).getEncoded();
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
    }

    static byte[] jcaSign(String alg, KeyPair key, byte[] message) throws Exception {
        Signature s = Signature.getInstance(alg);
        s.initSign(key.getPrivate());
        s.update(message);
        return s.sign();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
