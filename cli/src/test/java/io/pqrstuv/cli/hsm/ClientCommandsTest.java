package io.pqrstuv.cli.hsm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.SecretInput;
import io.pqrstuv.client.keys.DeviceSignatures;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.alg.Algorithm;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CLI behaviour against a scripted TLS peer: output, exit codes, secrets, confirmations. */
class ClientCommandsTest {
    private static final String ID = "ABEiM0RVZneImaq7zN3u_w";
    private static final String INFO = FakePeer.ok("{\"name\":\"Fake\",\"serial_number\":\"s-1\",\"manufacturer\":\"m\","
            + "\"documentation\":\"d\",\"available_cryptosystems\":[-49,-7,-65538],\"token_hash_algo\":-16}");
    private FakePeer peer;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        peer = new FakePeer();
        peer.script.put("/info", d -> INFO);
        peer.script.put("/ping", d -> FakePeer.okText(d.textValue()));
    }

    @AfterEach
    void stop() {
        peer.close();
    }

    private String[] args(String... a) throws Exception {
        String[] base = {"--url", peer.url(), "--pin", peer.pin()};
        String[] all = new String[a.length + base.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(base, 0, all, a.length, base.length);
        return all;
    }

    private Path secretFile(String s) throws Exception {
        Path p = dir.resolve("secret.txt");
        Files.writeString(p, s + "\n");
        return p;
    }

    private static void oneLineError(Cli.Result r, int code, String contains) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(code);
        assertThat(r.err().strip()).doesNotContain("\n").contains(contains).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"info", "ping", "status", "set-secret", "keygen", "list-keys", "public-key", "delete-key",
        "import", "sign", "verify", "encapsulate", "decapsulate", "crypto-reset", "device-reset", "renew-tls", "set-syslog"})
    void everyCommandHasHelpWithExamplesAndExitCodes(String cmd) {
        Cli.Result r = Cli.run(cmd, "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: pqrstuv " + cmd).contains("Examples:").contains("Exit codes:");
    }

    @Test
    void infoHumanAndJson() throws Exception {
        Cli.Result r = Cli.run(args("info"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Fake").contains("ML-DSA-65 (-49, signature)").contains("ML-KEM-768 (-65538, kem)");
        Cli.Result j = Cli.run(args("info", "--json"));
        assertThat(new ObjectMapper().readTree(j.out()).get("available_cryptosystems").size()).isEqualTo(3);
    }

    @Test
    void statusShowsTheFingerprint() throws Exception {
        Cli.Result r = Cli.run(args("status", "--json"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        var node = new ObjectMapper().readTree(r.out());
        assertThat(node.get("tls_sha256").textValue().replace(":", "").toLowerCase()).isEqualTo(peer.pin());
        assertThat(node.get("storage_link").textValue()).isEqualTo("ok");
        assertThat(node.get("endorsement_key").isNull()).isTrue();
        oneLineError(Cli.run(args("status", "--verify-endorsement", "--secret-file", secretFile("").toString())),
                ExitCodes.USAGE, "no HSM endorsement");
    }

    @Test
    void keygenWithSecretFileAndAlgorithmById() throws Exception {
        peer.secret = "s3cret".getBytes(StandardCharsets.UTF_8);
        peer.script.put("/keygen", d -> d.intValue() == -7 ? FakePeer.okText(ID) : FakePeer.ok("\"\"").replace("0", "9"));
        Cli.Result r = Cli.run(args("keygen", "-7", "--secret-file", secretFile("s3cret").toString()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(ID);
        // by name, secret from stdin, JSON out
        Cli.Result j = Cli.run(null, "s3cret\r\n".getBytes(StandardCharsets.UTF_8), args("keygen", "es256", "--secret-file", "-", "--json"));
        assertThat(new ObjectMapper().readTree(j.out()).get("identifier").textValue()).isEqualTo(ID);
        // interactive no-echo prompt
        Cli.Result p = Cli.run(Cli.answers("s3cret"), null, args("keygen", "ES256"));
        assertThat(p.exitCode()).as(p.err()).isZero();
    }

    @Test
    void connectionOutputAndSecretOptionsWorkBeforeTheCommandToo() throws Exception {
        Cli.Result after = Cli.run(args("info"));
        Cli.Result before = Cli.run("--url", peer.url(), "--pin", peer.pin(), "info");
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(before.out()).isEqualTo(after.out());
        Cli.Result json = Cli.run("--json", "--url=" + peer.url(), "--pin=" + peer.pin(), "--timeout", "30", "info");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.out()).isEqualTo(Cli.run(args("info", "--json")).out());

        peer.secret = "s3cret".getBytes(StandardCharsets.UTF_8);
        peer.script.put("/keygen", d -> FakePeer.okText(ID));
        Cli.Result keygen = Cli.run("--url", peer.url(), "--pin", peer.pin(), "--secret-file", secretFile("s3cret").toString(),
                "--json", "keygen", "ES256");
        assertThat(keygen.exitCode()).as(keygen.err()).isZero();
        assertThat(new ObjectMapper().readTree(keygen.out()).get("identifier").textValue()).isEqualTo(ID);
        // a command that needs no secret ignores it, as git ignores a -c setting it does not read
        assertThat(Cli.run("--secret-file", "/nonexistent", "--url", peer.url(), "--pin", peer.pin(), "ping").exitCode())
                .isZero();
    }

    @Test
    void optionsBeforeTheCommandAreGivenOnceAndOnlyForDeviceCommands() throws Exception {
        oneLineError(Cli.run("--url", peer.url(), "info", "--url", peer.url(), "--pin", peer.pin()), ExitCodes.USAGE,
                "--url is given both before and after 'info'");
        oneLineError(Cli.run("--json", "info", "--json", "--url", peer.url(), "--pin", peer.pin()), ExitCodes.USAGE,
                "--json is given both before and after 'info'");
        oneLineError(Cli.run("--url", peer.url(), "device"), ExitCodes.USAGE,
                "--url applies to the commands that talk to a device, not to 'device'");
        oneLineError(Cli.run("--pin", peer.pin()), ExitCodes.USAGE, "--pin must be followed by a device command");
        oneLineError(Cli.run("--secret-file", "-", "--url", peer.url(), "--pin", peer.pin(), "set-secret",
                "--new-secret-file", "-"), ExitCodes.USAGE, "only one of the secrets can come from stdin");
        // help needs no valid options
        assertThat(Cli.run("--url", peer.url(), "info", "--help").exitCode()).isZero();
    }

    @Test
    void wrongSecretIsExit5() throws Exception {
        peer.script.put("/keygen", d -> FakePeer.okText(ID));
        Cli.Result r = Cli.run(args("keygen", "ES256", "--secret-file", secretFile("nope-x1").toString()));
        oneLineError(r, ExitCodes.AUTHENTICATION, "INCORRECT_SECRET");
        assertThat(r.err()).doesNotContain("nope-x1");
    }

    @Test
    void unknownKeyIdIsExit4() throws Exception {
        peer.script.put("/get_public_key", d -> "{\"code\":9,\"result\":\"\"}");
        oneLineError(Cli.run(args("public-key", ID, "--secret-file", secretFile("").toString())),
                ExitCodes.DEVICE_REFUSED, "CMD_FAIL");
    }

    @Test
    void keyIdsThatStartWithADashAreIdsNotOptions() throws Exception {
        // base64url ids start with '-' one time in 64; "-o…" must not become "-o FILE".
        String dashId = "-oBEiM0RVZneImaq7zN3uA";
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        peer.script.put("/key_delete", d -> {
            seen.add(d.textValue());
            return "{\"code\":0,\"result\":\"\"}";
        });
        Cli.Result r = Cli.run(args("delete-key", dashId, "--secret-file", secretFile("").toString()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(seen).containsExactly(dashId);
    }

    @Test
    void httpErrorIsExit6() throws Exception {
        peer.script.put("/key_delete", d -> "HTTP 500");
        oneLineError(Cli.run(args("delete-key", ID, "--secret-file", secretFile("").toString())),
                ExitCodes.PROTOCOL, "HTTP 500");
    }

    @Test
    void badInputIsExit2() throws Exception {
        oneLineError(Cli.run(args("keygen", "NOPE-1")), ExitCodes.USAGE, "unknown algorithm 'NOPE-1'");
        oneLineError(Cli.run(args("delete-key", "AAAA")), ExitCodes.USAGE, "not a key identifier");
        oneLineError(Cli.run(args("keygen", "ES256")), ExitCodes.USAGE, "--secret-file");
        oneLineError(Cli.run("info", "--url", "http://127.0.0.1:1", "--pin", peer.pin()), ExitCodes.USAGE, "https://host");
        oneLineError(Cli.run("info", "--url", peer.url(), "--pin", "xyz"), ExitCodes.USAGE, "SHA-256");
        oneLineError(Cli.run("info", "--url", peer.url(), "--state-dir", dir.toString()), ExitCodes.USAGE, "--cacert");
        oneLineError(Cli.run(args("sign", ID, dir.resolve("missing").toString(), "--secret-file", secretFile("").toString())),
                ExitCodes.USAGE, "cannot read");
        oneLineError(Cli.run(args("set-syslog", "example.com", "514", "--key", ID, "--secret-file", secretFile("").toString())),
                ExitCodes.USAGE, "IP");
    }

    @Test
    void unreachableAndUntrustedAreExit3() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        oneLineError(Cli.run("info", "--url", "https://127.0.0.1:" + port, "--pin", peer.pin()), ExitCodes.UNREACHABLE,
                "connection refused");
        oneLineError(Cli.run("info", "--url", peer.url(), "--pin", "ab".repeat(32)), ExitCodes.UNREACHABLE, "not trusted");
    }

    @Test
    void trustFromTheStateDirectory() throws Exception {
        // where 'pqrstuv device --state DIR' keeps it (DeviceLayout): DIR/operation/tls/cert.pem
        Path tls = Files.createDirectories(dir.resolve("state/operation/tls"));
        Files.writeString(tls.resolve("cert.pem"), Pem.encode("CERTIFICATE", peer.certificate.getEncoded()));
        Cli.Result r = Cli.run("info", "--url", peer.url(), "--state-dir", dir.resolve("state").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Cli.Result c = Cli.run("info", "--url", peer.url(), "--cacert", tls.resolve("cert.pem").toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
    }

    @Test
    void resetsNeedConfirmation() throws Exception {
        peer.script.put("/crypto_reset", d -> FakePeer.okText(""));
        peer.script.put("/device_reset", d -> FakePeer.okText(""));
        oneLineError(Cli.run(args("crypto-reset", "--secret-file", secretFile("").toString())), ExitCodes.USAGE, "--yes");
        oneLineError(Cli.run(Cli.answers("no"), null, args("device-reset")), ExitCodes.ABORTED, "aborted");
        assertThat(peer.paths).isEmpty();
        Cli.Result ok = Cli.run(Cli.answers("yes", ""), null, args("crypto-reset"));
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        Cli.Result yes = Cli.run(args("device-reset", "--yes", "--secret-file", secretFile("").toString()));
        assertThat(yes.exitCode()).as(yes.err()).isZero();
        assertThat(peer.paths).containsExactly("/init", "/crypto_reset", "/init", "/device_reset");
    }

    @Test
    void signWritesAVerifiedSignatureAndVerifyChecksIt() throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("ML-DSA-44").generateKeyPair();
        peer.script.put("/get_public_key", d -> FakePeer.okText(Base64Url.encode(kp.getPublic().getEncoded())));
        peer.script.put("/sign", d -> {
            try {
                Signature s = Signature.getInstance("ML-DSA");
                s.initSign(kp.getPrivate());
                s.update(DeviceSignatures.sha3(Base64Url.decode(d.get("document").textValue()).orElseThrow()));
                return FakePeer.okText(Base64Url.encode(s.sign()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Path doc = dir.resolve("doc.txt");
        Files.writeString(doc, "pay 10 EUR");
        String sf = secretFile("").toString();
        Cli.Result s = Cli.run(args("sign", ID, doc.toString(), "--secret-file", sf));
        assertThat(s.exitCode()).as(s.err()).isZero();
        assertThat(s.out()).contains("ML-DSA-44").contains("2420 bytes");
        Path sig = dir.resolve("doc.txt.sig");
        assertThat(sig).exists();
        Cli.Result v = Cli.run(args("verify", ID, doc.toString(), sig.toString(), "--secret-file", sf));
        assertThat(v.exitCode()).as(v.err()).isZero();
        assertThat(v.out()).contains("signature valid (ML-DSA-44)");
        // offline, with the PEM from public-key
        Cli.Result pem = Cli.run(args("public-key", ID, "--secret-file", sf));
        assertThat(new String(pem.binary(), StandardCharsets.US_ASCII)).startsWith("-----BEGIN PUBLIC KEY-----");
        Path pemFile = dir.resolve("key.pem");
        Files.write(pemFile, pem.binary());
        Files.writeString(doc, "pay 1000 EUR");
        Cli.Result bad = Cli.run(args("verify", ID, doc.toString(), sig.toString(), "--public-key", pemFile.toString()));
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.INVALID_SIGNATURE);
        assertThat(bad.out()).contains("INVALID");
        // offline verification needs no device and no trust set-up
        Files.writeString(doc, "pay 10 EUR");
        Cli.Result offline = Cli.run("verify", ID, doc.toString(), sig.toString(), "--public-key", pemFile.toString(),
                "--url", "https://127.0.0.1:1", "--state-dir", dir.resolve("nowhere").toString());
        assertThat(offline.exitCode()).as(offline.err()).isZero();
    }

    @Test
    void decapsulateAcceptsRawOrBase64Ciphertext() throws Exception {
        byte[] ct = new byte[1088];
        ct[0] = 7;
        peer.script.put("/decapsulate", d -> {
            byte[] got = Base64Url.decode(d.get("ciphertext").textValue()).orElseThrow();
            return got.length == 1088 && got[0] == 7 ? FakePeer.okText(Base64Url.encode(new byte[32])) : "HTTP 417";
        });
        Path raw = dir.resolve("ct.bin");
        Files.write(raw, ct);
        Path text = dir.resolve("ct.txt");
        Files.writeString(text, Base64Url.encode(ct) + "\n");
        String sf = secretFile("").toString();
        for (Path p : List.of(raw, text)) {
            Cli.Result r = Cli.run(args("decapsulate", ID, p.toString(), "--secret-file", sf));
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out().strip()).isEqualTo(Base64Url.encode(new byte[32]));
        }
    }

    @Test
    void setSecretAsksNewThenCurrent() throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("ML-KEM-768").generateKeyPair();
        peer.script.put("/set_secret", d -> FakePeer.okText(Base64Url.encode(kp.getPublic().getEncoded())));
        peer.script.put("/confirm_secret", d -> FakePeer.okText(""));
        oneLineError(Cli.run(Cli.answers("a", "b"), null, args("set-secret")), ExitCodes.USAGE, "differ");
        Cli.Result r = Cli.run(Cli.answers("new-one", "new-one", ""), null, args("set-secret"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        oneLineError(Cli.run(Cli.answers("x", "x", ""), null, args("set-secret", "--alg", "ML-DSA-44")),
                ExitCodes.USAGE, "not a KEM");
    }

    @Test
    void setSecretTakesTheAlgorithmAsPositionalOrOption() throws Exception {
        List<Integer> requested = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        peer.script.put("/set_secret", d -> {
            requested.add(d.intValue());
            Algorithm a = Algorithm.byCoseId(d.intValue()).orElseThrow();
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance(a.displayName().startsWith("RSA") ? "RSA" : a.displayName());
                return FakePeer.okText(Base64Url.encode(g.generateKeyPair().getPublic().getEncoded()));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        peer.script.put("/confirm_secret", d -> FakePeer.okText(""));
        // README: "set-secret ML-KEM-768"; issue 12: "set-secret ALG --card"
        Cli.Result r = Cli.run(Cli.answers("n1", "n1", ""), null, args("set-secret", "ML-KEM-1024"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        r = Cli.run(Cli.answers("n2", "n2", ""), null, args("set-secret", "--alg", "ML-KEM-512"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        r = Cli.run(Cli.answers("n3", "n3", ""), null, args("set-secret", "ML-KEM-512", "--alg", "ML-KEM-512"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        r = Cli.run(Cli.answers("n4", "n4", ""), null, args("set-secret"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(requested).containsExactly(Algorithm.ML_KEM_1024.coseId(), Algorithm.ML_KEM_512.coseId(),
                Algorithm.ML_KEM_512.coseId(), Algorithm.ML_KEM_768.coseId());
        oneLineError(Cli.run(Cli.answers("x", "x", ""), null, args("set-secret", "ML-KEM-512", "--alg", "ML-KEM-768")),
                ExitCodes.USAGE, "differ");
        oneLineError(Cli.run(Cli.answers("x", "x", ""), null, args("set-secret", "ML-DSA-44")), ExitCodes.USAGE, "not a KEM");
        oneLineError(Cli.run(Cli.answers("x", "x", ""), null, args("set-secret", "NO-SUCH-ALG")), ExitCodes.USAGE,
                "unknown algorithm");
        assertThat(Cli.run(Cli.answers("x", "x", ""), null, args("set-secret", "ML-KEM-512", "ML-KEM-768")).exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(requested).hasSize(4); // none of the refused ones reached the device
    }

    @Test
    void importSendsPkcs8FromPemOrDer() throws Exception {
        var kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] pkcs8 = kp.getPrivate().getEncoded();
        peer.script.put("/import", d -> java.util.Arrays.equals(Base64Url.decode(d.textValue()).orElseThrow(), pkcs8)
                ? FakePeer.okText(ID) : "HTTP 417");
        Path der = dir.resolve("k.der");
        Files.write(der, pkcs8);
        Path pem = dir.resolve("k.pem");
        Files.writeString(pem, "junk before\n" + Pem.encode("PRIVATE KEY", pkcs8));
        String sf = secretFile("").toString();
        for (Path p : List.of(der, pem)) {
            Cli.Result r = Cli.run(args("import", p.toString(), "--secret-file", sf));
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out().strip()).isEqualTo(ID);
        }
        Path bad = dir.resolve("bad.pem");
        Files.writeString(bad, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        oneLineError(Cli.run(args("import", bad.toString(), "--secret-file", sf)), ExitCodes.USAGE, "neither DER nor PEM");
    }

    @Test
    void wrongKeyTypeIsAOneLineUsageError() throws Exception {
        KeyPair kem = KeyPairGenerator.getInstance("ML-KEM-512").generateKeyPair();
        peer.script.put("/get_public_key", d -> FakePeer.okText(Base64Url.encode(kem.getPublic().getEncoded())));
        Path doc = Files.writeString(dir.resolve("d"), "x");
        String sf = secretFile("").toString();
        oneLineError(Cli.run(args("sign", ID, doc.toString(), "--secret-file", sf)), ExitCodes.USAGE,
                "is a ML-KEM-512 key, not a signature key");
        oneLineError(Cli.run(args("verify", ID, doc.toString(), doc.toString(), "--secret-file", sf)), ExitCodes.USAGE,
                "not a signature algorithm");
        assertThat(peer.paths).doesNotContain("/sign");
    }

    @Test
    void completionScript() {
        Cli.Result r = Cli.run("generate-completion");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("complete").contains("keygen");
    }

    @Test
    void secretFileNewlineHandling() throws Exception {
        Path p = dir.resolve("s");
        Files.write(p, HexFormat.of().parseHex("61620d0a"));
        assertThat(SecretInput.fromFile(p.toString(), null)).containsExactly('a', 'b');
        Files.write(p, HexFormat.of().parseHex("61620a0a"));
        assertThat(SecretInput.fromFile(p.toString(), null)).containsExactly('a', 'b', '\n');
        assertThat(SecretInput.utf8("é".toCharArray())).containsExactly(0xC3, 0xA9);
    }
}
