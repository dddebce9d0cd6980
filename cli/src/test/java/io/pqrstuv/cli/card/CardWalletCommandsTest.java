package io.pqrstuv.cli.card;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cryptnox.card.CardFactory;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.card.SeedSource;
import io.pqrstuv.cryptnox.card.UserKeySlot;
import io.pqrstuv.cryptnox.derivation.KeyType;
import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.emulator.CardType;
import io.pqrstuv.cryptnox.emulator.Firmware;
import io.pqrstuv.cryptnox.emulator.transport.RemoteServer;
import io.pqrstuv.cryptnox.transport.RemoteConnection;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The card owner's commands for the rest of the card (user keys, encrypt/decrypt, wrapped and dual
 * seeds, SIGN PUBLIC, the clear read, the NFT signature check) end to end through the CLI, against
 * emulated 2.0.0 cards served in remote mode. Results are checked with independent JDK code.
 */
class CardWalletCommandsTest {
    static final HexFormat HEX = HexFormat.of();
    static final char[] PIN = "123456".toCharArray();
    static final char[] PUK = "ABCDEFGHIJKL".toCharArray();
    static final String TV1_SEED = "000102030405060708090a0b0c0d0e0f";
    static final String TV1_K1_MASTER = "0339a36013301597daef41fbe593a02cc513d0b55527ec2df1050e2e8ff49c85c2";

    @TempDir
    Path dir;
    Path pin;
    Path puk;
    CardEmulator first;
    CardEmulator second;
    RemoteServer firstServer;
    RemoteServer secondServer;

    @BeforeEach
    void start() throws Exception {
        pin = Files.writeString(dir.resolve("pin"), "123456\n");
        puk = Files.writeString(dir.resolve("puk"), "ABCDEFGHIJKL");
        first = CardEmulator.builder().firmware(Firmware.V2_0_0).build();
        second = CardEmulator.builder().firmware(Firmware.V2_0_0).build();
        firstServer = first.listenRemote(InetAddress.getLoopbackAddress(), 0);
        secondServer = second.listenRemote(InetAddress.getLoopbackAddress(), 0);
        initialise(firstServer);
        initialise(secondServer);
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    static void initialise(RemoteServer s) throws Exception {
        try (CryptnoxCard c = CardFactory.open(RemoteConnection.connect("127.0.0.1", s.port(), Duration.ofSeconds(30)))) {
            c.init("CLI", "", PIN, PUK, null);
        }
    }

    CryptnoxCard openFirst() throws Exception {
        return CardFactory.open(RemoteConnection.connect("127.0.0.1", firstServer.port(), Duration.ofSeconds(30)));
    }

    CardCli.Result card(String... args) {
        return cardIn(null, args);
    }

    CardCli.Result cardIn(byte[] stdin, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "card";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--remote";
        all[args.length + 2] = "127.0.0.1:" + firstServer.port();
        return CardCli.run(null, stdin, all);
    }

    static void ok(CardCli.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
    }

    static String json(String out, String field) {
        Matcher m = Pattern.compile("\"" + field + "\" : \"?([^\",\\n]*)\"?").matcher(out);
        assertThat(m.find()).as("%s in %s", field, out).isTrue();
        return m.group(1);
    }

    @Test
    void wrappedSeedThenEncryptDecryptSignPublicAndTheClearRead() throws Exception {
        Path seed = Files.writeString(dir.resolve("seed.hex"), TV1_SEED + "\n");
        ok(card("seed", "load-wrapped", "--seed-file", seed.toString(), "--pin-file", pin.toString()));
        try (CryptnoxCard c = openFirst()) {
            c.verifyPin(PIN);
            assertThat(c.info().seedSource()).isEqualTo(SeedSource.WRAPPED);
            assertThat(HEX.formatHex(c.publicKey(KeyType.K1).compressed())).isEqualTo(TV1_K1_MASTER);
        }

        // encrypt with the key read from the card; decrypt on the card
        byte[] text = "the card decrypts this, nobody else".getBytes(StandardCharsets.UTF_8);
        Path plain = Files.write(dir.resolve("plain.txt"), text);
        Path enc = dir.resolve("plain.enc");
        CardCli.Result e = card("encrypt", plain.toString(), "-o", enc.toString(), "--pin-file", pin.toString());
        assertThat(e.exitCode()).as(e.toString()).isZero();
        assertThat(e.err()).contains("the card's DECRYPT key: ");
        String cardKey = e.err().replaceAll("(?s).*DECRYPT key: ([0-9a-f]+).*", "$1").strip();
        Path out = dir.resolve("out.txt");
        ok(card("decrypt", enc.toString(), "-o", out.toString(), "--pin-file", pin.toString()));
        assertThat(Files.readAllBytes(out)).isEqualTo(text);

        // a sender without the card (--key), and an independent decryption check of the format
        Path enc2 = dir.resolve("second.enc");
        ok(card("encrypt", "--key", cardKey, plain.toString(), "-o", enc2.toString()));
        CardCli.Result toStdout = card("decrypt", enc2.toString(), "-o", "-", "--pin-file", pin.toString());
        assertThat(toStdout.exitCode()).as(toStdout.toString()).isZero();
        assertThat(toStdout.binary()).isEqualTo(text);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair mine = g.generateKeyPair();
        String myKey = HEX.formatHex(io.pqrstuv.cryptnox.channel.P256.encode((java.security.interfaces.ECPublicKey) mine.getPublic()));
        Path enc3 = dir.resolve("third.enc");
        ok(card("encrypt", "--key", myKey, plain.toString(), "-o", enc3.toString()));
        byte[] m = Files.readAllBytes(enc3);
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(mine.getPrivate());
        ka.doPhase(p256(java.util.Arrays.copyOf(m, 65)), true);
        byte[] k = MessageDigest.getInstance("SHA-256").digest(ka.generateSecret());
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, 16, 16, "AES"), new IvParameterSpec(k, 0, 16));
        assertThat(aes.doFinal(m, 65, m.length - 65)).isEqualTo(text);
        // a message for another key: the card's output does not unpad, one line, exit 6
        CardCli.Result wrong = card("decrypt", enc3.toString(), "-o", out.toString(), "--pin-file", pin.toString());
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(ExitCodes.PROTOCOL);
        assertThat(wrong.err().strip()).doesNotContain("\n").contains("padding");
        Path junk = Files.write(dir.resolve("junk"), new byte[70]);
        assertThat(card("decrypt", junk.toString(), "-o", out.toString(), "--pin-file", pin.toString()).exitCode())
                .isEqualTo(ExitCodes.USAGE);

        // SIGN PUBLIC: verified against the certificate's key, independently
        CardCli.Result att = card("sign-public", "--curve", "r1", "--json", "--pin-file", pin.toString());
        ok(att);
        var cert = CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(HEX.parseHex(json(att.out(), "card_certificate"))));
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(cert.getPublicKey());
        v.update(HEX.parseHex(json(att.out(), "public_key_uncompressed")));
        assertThat(v.verify(HEX.parseHex(json(att.out(), "signature")))).isTrue();

        // the clear read: refused, enabled with the PUK, then without PIN
        CardCli.Result refused = card("public-key", "--clear");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.DEVICE_REFUSED);
        assertThat(refused.err()).contains("not enabled").contains("6A88");
        ok(card("settings", "clear-read", "on", "--puk-file", puk.toString()));
        CardCli.Result clear = card("public-key", "--clear");
        ok(clear);
        assertThat(clear.out().strip()).isEqualTo(TV1_K1_MASTER);
    }

    @Test
    void userKeysAreRegisteredShownAndDeleted() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = g.generateKeyPair();
        Path pem = Files.writeString(dir.resolve("ec.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ec.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        KeyPair rsa = r.generateKeyPair();
        Path der = Files.write(dir.resolve("rsa.der"), rsa.getPublic().getEncoded());

        CardCli.Result none = card("user-key", "info");
        ok(none);
        assertThat(none.out()).contains("ec       (empty)").contains("fido     (empty)");
        ok(card("user-key", "add", "ec", "--key-file", pem.toString(), "--description", "laptop TPM", "--puk-file",
                puk.toString()));
        ok(card("user-key", "add", "rsa", "--key-file", der.toString(), "--puk-file", puk.toString()));
        CardCli.Result again = card("user-key", "add", "ec", "--key-file", pem.toString(), "--puk-file", puk.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.DEVICE_REFUSED);
        assertThat(again.err()).contains("already holds a key");
        CardCli.Result badPuk = card("user-key", "add", "fido", "--key-file", pem.toString(), "--credential-id", "0102",
                "--puk-file", Files.writeString(dir.resolve("bad"), "WRONGWRONGWR").toString());
        assertThat(badPuk.exitCode()).as(badPuk.toString()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(badPuk.err()).contains("wrong PUK").contains("tries left");
        assertThat(card("user-key", "add", "rsa", "--key-file", pem.toString(), "--puk-file", puk.toString()).exitCode())
                .isNotZero();

        CardCli.Result info = card("user-key", "info", "--json", "--pin-file", pin.toString());
        ok(info);
        assertThat(info.out()).contains("\"description\" : \"laptop TPM\"")
                .contains(Base64.getEncoder().encodeToString(ec.getPublic().getEncoded()))
                .contains(Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded()));

        // the registered EC key opens the card through the library, with a JCA signature of the challenge
        try (CryptnoxCard c = openFirst()) {
            byte[] challenge = c.userKeys().challenge();
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(ec.getPrivate());
            s.update(challenge);
            assertThat(c.userKeys().open(UserKeySlot.EC_P256, s.sign())).isTrue();
        }

        ok(card("user-key", "delete", "ec", "--puk-file", puk.toString()));
        CardCli.Result gone = card("user-key", "delete", "ec", "--puk-file", puk.toString());
        ok(gone);
        assertThat(gone.out()).contains("empty already");
        CardCli.Result rsaOnly = card("user-key", "info", "rsa", "--pin-file", pin.toString());
        ok(rsaOnly);
        assertThat(rsaOnly.out()).contains("RSA-2048");
        Path notAKey = Files.writeString(dir.resolve("x.pem"), "hello");
        assertThat(card("user-key", "add", "ec", "--key-file", notAKey.toString(), "--puk-file", puk.toString()).exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void dualSeedOverTwoCardServers() throws Exception {
        Path pin2 = Files.writeString(dir.resolve("pin2"), "123456");
        CardCli.Result r = card("seed", "dual", "--with-remote", "127.0.0.1:" + secondServer.port(), "--pin-file",
                pin.toString(), "--with-pin-file", pin2.toString(), "--json");
        ok(r);
        String master = json(r.out(), "master_public_key_k1");
        for (RemoteServer s : new RemoteServer[] {firstServer, secondServer}) {
            try (CryptnoxCard c = CardFactory.open(RemoteConnection.connect("127.0.0.1", s.port(), Duration.ofSeconds(30)))) {
                c.verifyPin(PIN);
                assertThat(c.info().seedSource()).isEqualTo(SeedSource.DUAL);
                assertThat(HEX.formatHex(c.publicKey(KeyType.K1).compressed())).isEqualTo(master);
            }
        }
        CardCli.Result twice = card("seed", "dual", "--with-remote", "127.0.0.1:" + secondServer.port(), "--pin-file",
                pin.toString(), "--with-pin-file", pin2.toString());
        assertThat(twice.exitCode()).isEqualTo(ExitCodes.DEVICE_REFUSED);
        assertThat(twice.err()).contains("already has a seed");
        assertThat(card("seed", "dual", "--pin-file", pin.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void nftSignatureCheck() throws Exception {
        try (CardEmulator nft = CardEmulator.inMemory(CardType.NFT);
                RemoteServer server = nft.listenRemote(InetAddress.getLoopbackAddress(), 0)) {
            String key;
            try (CryptnoxCard c = CardFactory.open(RemoteConnection.connect("127.0.0.1", server.port(), Duration.ofSeconds(30)))) {
                c.init("nft", "", PIN, PUK, null);
                c.verifyPin(PIN);
                c.generateSeed(PIN);
                c.verifyPin(PIN);
                key = HEX.formatHex(c.publicKey(KeyType.K1).compressed());
            }
            String where = "127.0.0.1:" + server.port();
            CardCli.Result r = CardCli.run("card", "signature-check", "--key", key, "--nonce",
                    "00112233445566778899aabbccddeeff", "--json", "--remote", where);
            ok(r);
            assertThat(json(r.out(), "verified")).isEqualTo("true");
            assertThat(json(r.out(), "message")).startsWith("4352" + "00112233445566778899aabbccddeeff");
            String other = "02" + "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
            CardCli.Result bad = CardCli.run("card", "signature-check", "--key", other, "--remote", where);
            assertThat(bad.exitCode()).isEqualTo(ExitCodes.PROTOCOL);
            assertThat(bad.err()).contains("does not hold that key");
        }
        CardCli.Result basic = card("signature-check");
        assertThat(basic.exitCode()).isEqualTo(ExitCodes.DEVICE_REFUSED);
        assertThat(basic.err()).contains("NFT");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"user-key add", "user-key delete", "user-key info",
        "encrypt", "decrypt", "seed load-wrapped", "seed dual", "sign-public", "signature-check", "settings"})
    void everyNewCommandHasHelpWithTheExitCodes(String command) {
        String[] words = command.split(" ");
        String[] args = new String[words.length + 2];
        args[0] = "card";
        System.arraycopy(words, 0, args, 1, words.length);
        args[args.length - 1] = "--help";
        CardCli.Result r = CardCli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Usage: pqrstuv card " + command).contains("Exit codes");
    }

    static PublicKey p256(byte[] uncompressed) throws Exception {
        byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                X9ObjectIdentifiers.prime256v1), uncompressed).getEncoded();
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
    }
}
