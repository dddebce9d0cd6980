package io.pqrstuv.cli.card;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.device.DeviceLayout;
import io.pqrstuv.cli.device.EmbeddedDevice;
import io.pqrstuv.client.card.CardSecretRecord;
import io.pqrstuv.client.card.CardSecrets;
import io.pqrstuv.cryptnox.card.CardFactory;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.emulator.CardType;
import io.pqrstuv.cryptnox.emulator.testing.PcscAssumptions;
import io.pqrstuv.cryptnox.emulator.testing.PrivatePcscd;
import io.pqrstuv.cryptnox.emulator.transport.RemoteServer;
import io.pqrstuv.cryptnox.emulator.transport.VpcdLink;
import io.pqrstuv.cryptnox.transport.PcscConnection;
import io.pqrstuv.serial.LineRate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pqrstuv card …}, {@code set-secret --card} and {@code --secret-card} end to end: the emulator
 * as a virtual card of a private pcscd (vpcd), the CLI in process over javax.smartcardio, a whole
 * embedded device for the secret commands. Outputs are checked with independent code.
 */
class CardCommandsTest {
    static final HexFormat HEX = HexFormat.of();
    static final char[] PUK = "ABCDEFGHIJKL".toCharArray();

    @TempDir
    static Path shared;
    static PrivatePcscd pcscd;
    static CardEmulator emulator;
    static VpcdLink link;
    static String reader;

    @TempDir
    Path dir;
    Path pin;
    Path puk;

    @BeforeAll
    static void start() throws Exception {
        PcscAssumptions.assumePcscdAndVpcd();
        pcscd = PrivatePcscd.start(shared);
        emulator = CardEmulator.open(shared.resolve("card.state"), CardType.BASIC_G1);
        link = emulator.attachVpcd("127.0.0.1", pcscd.vpcdPort());
        assertThat(link.awaitConnections(1, Duration.ofSeconds(60))).isTrue();
        reader = pcscd.readerName(0);
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!PcscConnection.cardPresent(reader) && System.nanoTime() < end) {
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() {
        if (link != null) {
            link.close();
        }
        if (emulator != null) {
            emulator.close();
        }
        if (pcscd != null) {
            pcscd.close();
        }
    }

    @BeforeEach
    void blankCard() throws Exception {
        pin = Files.writeString(dir.resolve("pin"), "123456\n");
        puk = Files.writeString(dir.resolve("puk"), "ABCDEFGHIJKL");
        emulator.powerCycle();
        try (CryptnoxCard c = CardFactory.open(PcscConnection.open(reader))) {
            if (c.initialized()) {
                c.reset(PUK);
            }
        }
    }

    static CardCli.Result card(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "card";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--reader";
        all[args.length + 2] = reader;
        return CardCli.run(all);
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
    void cardOwnerLifecycle() throws Exception {
        CardCli.Result list = CardCli.run("card", "list-readers");
        ok(list);
        assertThat(list.out()).contains(reader).contains("(card present)");

        CardCli.Result noTerminal = card("verify-pin");
        assertThat(noTerminal.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noTerminal.err()).contains("use --pin-file FILE");
        CardCli.Result blank = card("info");
        ok(blank);
        assertThat(blank.out()).contains("Cryptnox Basic G1").contains("initialised:    no");

        // init: PIN and PUK asked twice, without echo; a mismatch stops before the card is touched
        CardCli.Result mismatch = CardCli.run(CardCli.answers("123456", "654321"), null, "card", "init", "--reader", reader);
        assertThat(mismatch.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(mismatch.err().strip()).isEqualTo("pqrstuv card init: the two entries differ");
        CardCli.Result init = CardCli.run(CardCli.answers("123456", "123456", "ABCDEFGHIJKL", "ABCDEFGHIJKL"), null,
                "card", "init", "--name", "Alice", "--email", "alice@example.com", "--reader", reader);
        ok(init);
        CardCli.Result info = card("info", "--json");
        ok(info);
        assertThat(info.out()).contains("\"name\" : \"Alice\"").contains("\"initialized\" : true")
                .contains("\"seed_source\" : \"NO_SEED\"");

        // a wrong PIN: one line on stderr with the tries left, exit 5
        Path wrong = Files.writeString(dir.resolve("wrong"), "0000");
        CardCli.Result bad = card("verify-pin", "--pin-file", wrong.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(bad.err().strip()).matches("pqrstuv card verify-pin: VERIFY PIN: wrong PIN, \\d tr(y|ies) left \\(SW 63C\\d\\)");
        assertThat(bad.err().strip().lines()).hasSize(1);
        ok(card("verify-pin", "--pin-file", pin.toString()));

        // seed from the host (BIP32 test vector 1), then derivations on both curves
        Path seed = Files.writeString(dir.resolve("seed"), "000102030405060708090a0b0c0d0e0f\n");
        ok(card("seed", "load", "--seed-file", seed.toString(), "--pin-file", pin.toString()));
        CardCli.Result derived = card("derive", "m/0'/1/2'/2/1000000000", "--json", "--pin-file", pin.toString());
        ok(derived);
        assertThat(json(derived.out(), "public_key")).isEqualTo("022a471424da5e657499d1ff51cb43c47481a03b1e77f951fe64cec9f5a48f7011");
        CardCli.Result r1 = card("public-key", "m/0'/1/2'/2", "--curve", "r1", "--pin-file", pin.toString());
        ok(r1);
        assertThat(r1.out().strip()).isEqualTo("029f871f4cb9e1c97f9f4de9ccd0d4a2f2a171110c61178f84430062230833ff20");
        CardCli.Result current = card("public-key", "--json", "--pin-file", pin.toString());
        assertThat(json(current.out(), "path")).isEqualTo("m/0'/1/2'/2/1000000000");

        // sign a hash and a file; the signatures are checked with JCA providers
        byte[] hash = MessageDigest.getInstance("SHA-256").digest("card cli".getBytes());
        CardCli.Result sig = card("sign", HEX.formatHex(hash), "--json", "--pin-file", pin.toString());
        ok(sig);
        byte[] der = HEX.parseHex(json(sig.out(), "signature"));
        assertThat(json(sig.out(), "low_s")).isEqualTo("true");
        assertThat(verifyK1(HEX.parseHex(json(current.out(), "public_key_uncompressed")), hash, der)).isTrue();
        Path doc = Files.writeString(dir.resolve("doc"), "a document");
        Path out = dir.resolve("doc.sig");
        ok(card("sign", "--file", doc.toString(), "-o", out.toString(), "--curve", "r1", "--path", "m/0'/1/2'/2",
                "--pin-file", pin.toString()));
        byte[] docHash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(doc));
        byte[] r1Point = org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp256r1").getCurve()
                .decodePoint(HEX.parseHex(r1.out().strip())).getEncoded(false);
        assertThat(verifyR1(r1Point, docHash, Files.readAllBytes(out))).isTrue();
        CardCli.Result shortHash = card("sign", "abcd", "--pin-file", pin.toString());
        assertThat(shortHash.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(shortHash.err()).contains("32-byte hash");

        CardCli.Result history = card("history", "--json", "--pin-file", pin.toString());
        ok(history);
        assertThat(history.out()).contains(HEX.formatHex(docHash)).contains(HEX.formatHex(hash));

        // 2,500 bytes of user data through pcscd (extended APDUs)
        byte[] data = new byte[2500];
        new SecureRandom().nextBytes(data);
        Path dataFile = Files.write(dir.resolve("data"), data);
        ok(card("user-data", "write", "0", dataFile.toString(), "--pin-file", pin.toString()));
        Path back = dir.resolve("back");
        ok(card("user-data", "read", "0", "-o", back.toString(), "--pin-file", pin.toString()));
        assertThat(Files.readAllBytes(back)).isEqualTo(data);

        CardCli.Result random = card("random", "32");
        ok(random);
        assertThat(HEX.parseHex(random.out().strip())).hasSize(32);
        CardCli.Result origin = card("origin", "--offline");
        ok(origin);
        assertThat(origin.out()).startsWith("UNKNOWN");

        Path newPin = Files.writeString(dir.resolve("newpin"), "24680");
        ok(card("change-pin", "--pin-file", pin.toString(), "--new-pin-file", newPin.toString()));
        assertThat(card("verify-pin", "--pin-file", pin.toString()).exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);
        ok(card("verify-pin", "--pin-file", newPin.toString()));

        CardCli.Result noConfirm = card("reset", "--puk-file", puk.toString());
        assertThat(noConfirm.exitCode()).isEqualTo(ExitCodes.USAGE);
        ok(card("reset", "--yes", "--puk-file", puk.toString()));
        assertThat(card("info").out()).contains("initialised:    no");
    }

    @Test
    void blockedPinIsUnblockedWithThePuk() throws Exception {
        ok(card("init", "--pin-file", pin.toString(), "--puk-file", puk.toString()));
        Path wrong = Files.writeString(dir.resolve("wrong"), "0000");
        String last = "";
        for (int i = 0; i < 12 && !last.contains("blocked"); i++) {
            CardCli.Result r = card("verify-pin", "--pin-file", wrong.toString());
            assertThat(r.exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);
            last = r.err();
            if (last.contains("0 tries left")) {
                emulator.powerCycle();   // the card allows 3 per power cycle
            }
        }
        assertThat(last).contains("the PIN is blocked");
        Path newPin = Files.writeString(dir.resolve("newpin"), "1357");
        CardCli.Result unblock = card("unblock-pin", "--puk-file", puk.toString(), "--new-pin-file", newPin.toString());
        ok(unblock);
        ok(card("verify-pin", "--pin-file", newPin.toString()));
    }

    @Test
    void remoteModeBothWays() throws Exception {
        try (CardEmulator other = CardEmulator.inMemory(CardType.BASIC_G1);
                RemoteServer server = other.listenRemote(InetAddress.getLoopbackAddress(), 0)) {
            String at = "127.0.0.1:" + server.port();
            ok(CardCli.run("card", "init", "--remote", at, "--pin-file", pin.toString(), "--puk-file", puk.toString()));
            CardCli.Result info = CardCli.run("card", "info", "--remote", at);
            ok(info);
            assertThat(info.out()).contains("initialised:    yes").contains("remote card at");
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            // the card server connects to us: the emulator's --remote link retries until we listen
            try (var link2 = other.connectRemote("127.0.0.1", port)) {
                CardCli.Result r = CardCli.run("card", "verify-pin", "--remote-listen", String.valueOf(port),
                        "--pin-file", pin.toString());
                ok(r);
            }
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        CardCli.Result none = CardCli.run("card", "info", "--remote", "127.0.0.1:" + closed);
        assertThat(none.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(none.err().strip().lines()).hasSize(1);
        CardCli.Result both = CardCli.run("card", "info", "--remote", "127.0.0.1:" + closed, "--reader", "0");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void deviceSecretOnTheCard() throws Exception {
        ok(card("init", "--pin-file", pin.toString(), "--puk-file", puk.toString()));
        EmbeddedDevice device = EmbeddedDevice.start(new DeviceLayout(dir.resolve("state")),
                new InetSocketAddress("127.0.0.1", 0), LineRate.UNLIMITED, "memory");
        try {
            String[] c = {"--url", device.url(), "--cacert", device.certificatePath().toString()};
            Path empty = Files.writeString(dir.resolve("empty"), "");
            Path wrongSecret = Files.writeString(dir.resolve("wrong-secret"), "not the device secret");
            String[] cardArgs = {"--reader", reader, "--card-pin-file", pin.toString()};

            // the device refuses (wrong current secret): the card keeps no current secret, only a pending one
            CardCli.Result refused = CardCli.run(concat(new String[] {"set-secret", "--card", "--secret-file",
                    wrongSecret.toString()}, c, cardArgs));
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.AUTHENTICATION);
            assertThat(refused.err()).contains("the device refused the new secret").contains("no current secret");
            assertThat(record().hasCurrent()).isFalse();
            CardCli.Result status = card("device-secret", "status", "--pin-file", pin.toString());
            ok(status);
            assertThat(status.out().strip()).isEqualTo("current secret: none; second slot: pending");

            // a new device has the empty secret: the card's random secret replaces it
            ok(CardCli.run(concat(new String[] {"set-secret", "--card", "--secret-file", empty.toString()}, c, cardArgs)));
            CardSecretRecord first = record();
            assertThat(first.hasCurrent()).isTrue();
            byte[] s1 = first.currentSecret();
            first.wipe();

            // a key and a signature with the secret read from the card
            CardCli.Result keygen = CardCli.run(concat(new String[] {"keygen", "ES256", "--secret-card"}, c, cardArgs));
            ok(keygen);
            String id = keygen.out().strip().lines().filter(l -> l.matches("[A-Za-z0-9_-]{22}")).findFirst()
                    .orElse(keygen.out().strip());
            Path doc = Files.writeString(dir.resolve("doc"), "signed with the card's secret");
            CardCli.Result signed = CardCli.run(concat(new String[] {"sign", id, doc.toString(), "--secret-card"}, c, cardArgs));
            ok(signed);
            assertThat(Files.size(Path.of(doc + ".sig"))).isPositive();
            ok(CardCli.run(concat(new String[] {"verify", id, doc.toString(), doc + ".sig", "--secret-card"}, c, cardArgs)));

            // a second change: the secret from the card authorises it, the old one stays as "previous"
            ok(CardCli.run(concat(new String[] {"set-secret", "--card"}, c, cardArgs)));
            CardSecretRecord second = record();
            assertThat(second.otherSlot()).isEqualTo(CardSecretRecord.OtherSlot.PREVIOUS);
            assertThat(second.currentSecret()).isNotEqualTo(s1).hasSize(64);
            second.wipe();
            assertThat(card("device-secret", "promote-pending", "--yes", "--pin-file", pin.toString()).err())
                    .contains("no pending secret");
            Path s1File = Files.write(dir.resolve("s1"), s1);
            assertThat(CardCli.run(concat(new String[] {"list-keys", "ES256", "--secret-file", s1File.toString()}, c))
                    .exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);
            ok(CardCli.run(concat(new String[] {"list-keys", "ES256", "--secret-card"}, c, cardArgs)));

            // a wrong card PIN: one line with the tries left, and no device call (the URL leads nowhere)
            Path wrongPin = Files.writeString(dir.resolve("wrong-pin"), "999999");
            int dead;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                dead = s.getLocalPort();
            }
            CardCli.Result badPin = CardCli.run("sign", id, doc.toString(), "--secret-card", "--reader", reader,
                    "--card-pin-file", wrongPin.toString(), "--url", "https://127.0.0.1:" + dead,
                    "--cacert", device.certificatePath().toString());
            assertThat(badPin.exitCode()).as(badPin.toString()).isEqualTo(ExitCodes.AUTHENTICATION);
            assertThat(badPin.err().strip()).matches("pqrstuv sign: card: VERIFY PIN: wrong PIN, \\d tr(y|ies) left \\(SW 63C\\d\\)");
        } finally {
            device.close();
        }
    }

    private CardSecretRecord record() throws Exception {
        try (CryptnoxCard c = CardFactory.open(PcscConnection.open(reader))) {
            c.verifyPin("123456".toCharArray());
            return CardSecrets.read(c);
        }
    }

    static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    static boolean verifyK1(byte[] uncompressed, byte[] hash, byte[] der) throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                SECObjectIdentifiers.secp256k1), uncompressed).getEncoded();
        Signature s = Signature.getInstance("NONEwithECDSA", bc);
        s.initVerify(KeyFactory.getInstance("EC", bc).generatePublic(new X509EncodedKeySpec(spki)));
        s.update(hash);
        return s.verify(der);
    }

    static boolean verifyR1(byte[] uncompressed, byte[] hash, byte[] der) throws Exception {
        byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                X9ObjectIdentifiers.prime256v1), uncompressed).getEncoded();
        Signature s = Signature.getInstance("NONEwithECDSA");
        s.initVerify(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki)));
        s.update(hash);
        return s.verify(der);
    }
}
