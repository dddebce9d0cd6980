package io.pqrstuv.cli.hsm;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.device.DeviceLayout;
import io.pqrstuv.cli.device.EmbeddedDevice;
import io.pqrstuv.cli.device.Qrng;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.serial.LineRate;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.KEM;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user flow through the CLI against a whole device: by default a fresh {@link EmbeddedDevice}
 * in this process (the one {@code pqrstuv device} runs; memory vault, unlimited internal link, free
 * port, temporary state); with PQRSTUV_E2E_URL and PQRSTUV_E2E_CACERT the external device they
 * name (PQRSTUV_E2E_SECRET = its current secret, default empty). Signatures and encapsulations are
 * checked with JDK code, bad input must give a non-zero exit and one line, never a stack trace.
 */
class CliEndToEndTest {
    @TempDir
    Path dir;

    /** The same flow with the storage module drawing from the OS DRBG and from an emulated QCicada ({@code --qrng}). */
    @ParameterizedTest(name = "qrng {0}")
    @ValueSource(strings = {"os", "emulated"})
    void userFlow(String qrng) throws Exception {
        String extUrl = System.getenv("PQRSTUV_E2E_URL");
        EmbeddedDevice device = null;
        String url;
        String cert;
        List<String> qrngEvents = new CopyOnWriteArrayList<>();
        if (extUrl != null) {
            Assumptions.assumeTrue(qrng.equals("os"), "an external device is run once");
            url = extUrl;
            cert = System.getenv("PQRSTUV_E2E_CACERT");
            assertThat(cert).as("PQRSTUV_E2E_CACERT must name the external device's certificate").isNotNull();
        } else {
            // What `pqrstuv device --qrng emulated` runs, with the emulator at its unlimited rate (lean tests).
            Qrng source = qrng.equals("os") ? Qrng.OS : new Qrng.Emulated(EmulatorRate.unlimited());
            device = EmbeddedDevice.start(new DeviceLayout(dir.resolve("state")), new InetSocketAddress("127.0.0.1", 0),
                    LineRate.UNLIMITED, "memory", source, qrngEvents::add);
            url = device.url();
            cert = device.certificatePath().toString();
        }
        try {
            long signedReads = device == null ? 0 : device.qrngEmulator().map(e -> e.statistics().signedReads()).orElse(0L);
            flow(url, cert, device);
            if (device != null && qrng.equals("emulated")) {
                assertThat(device.entropy().describe()).startsWith("QCicada QC").contains("verified under OEM CA");
                assertThat(device.layout().qrng().resolve("oem-ca-pubkey.pem")).exists();
                // Seven key generations and two resets, each reseeded from a fresh verified read first.
                assertThat(device.qrngEmulator().orElseThrow().statistics().signedReads() - signedReads)
                        .isGreaterThanOrEqualTo(9);
                assertThat(qrngEvents).as("the QRNG stayed healthy").isEmpty();
            }
        } finally {
            if (device != null) {
                device.close();
            }
        }
    }

    private void flow(String url, String cert, EmbeddedDevice device) throws Exception {
        String original = System.getenv().getOrDefault("PQRSTUV_E2E_SECRET", "");
        Path old = Files.writeString(dir.resolve("old"), original);
        Path s1 = Files.writeString(dir.resolve("s1"), "cli e2e secret\n");
        Path s2 = Files.writeString(dir.resolve("s2"), "cli e2e secret two");
        Path wrong = Files.writeString(dir.resolve("wrong"), "definitely wrong");
        Path empty = Files.writeString(dir.resolve("empty"), "");
        String[] c = {"--url", url, "--cacert", cert};
        String[] k1 = {"--secret-file", s1.toString()};

        Cli.Result info = run(c, "info");
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("ML-DSA-65").contains("ML-KEM-768");
        if (device != null) {
            // No --cacert: the certificate is found where 'pqrstuv device --state' keeps it (DeviceLayout).
            Cli.Result viaState = Cli.run("info", "--url", url, "--state-dir", device.layout().root().toString());
            assertThat(viaState.exitCode()).as(viaState.err()).isZero();
        }
        assertThat(run(c, "status").out()).contains("Storage link:  ok");

        // New secret with ML-KEM-768 (the default transport). Wrong secrets are tried only twice in
        // this flow: the device locks authenticated commands after a few (rate limiting).
        assertOk(run(c, "set-secret", "--secret-file", old.toString(), "--new-secret-file", s1.toString()));

        // Signature keys: sign, then verify with the JDK over what the device signs (§3.6).
        Path doc = Files.writeString(dir.resolve("doc"), "hello device");
        String mlDsa = null;
        for (String alg : new String[] {"ML-DSA-65", "ES256", "Ed25519"}) {
            String id = keygen(c, alg, k1);
            if (alg.equals("ML-DSA-65")) {
                mlDsa = id;
            }
            assertOk(run(c, "sign", id, doc.toString(), "--secret-file", s1.toString()));
            byte[] sig = Files.readAllBytes(Path.of(doc + ".sig"));
            PublicKey pub = publicKey(c, id, alg.equals("ES256") ? "EC" : alg.equals("Ed25519") ? "Ed25519" : "ML-DSA", k1);
            assertThat(jdkVerify(alg, pub, Files.readAllBytes(doc), sig)).as(alg).isTrue();
            assertOk(run(c, "verify", id, doc.toString(), doc + ".sig", "--secret-file", s1.toString()));
            assertThat(run(c, "list-keys", alg, "--secret-file", s1.toString()).out()).contains(id);
        }
        Path tampered = Files.writeString(dir.resolve("tampered"), "tampered");
        assertThat(run(c, "verify", mlDsa, tampered.toString(), doc + ".sig", "--secret-file",
                s1.toString()).exitCode()).isEqualTo(ExitCodes.INVALID_SIGNATURE);

        // ML-KEM: the JDK encapsulates to the device's public key, the device decapsulates.
        String kid = keygen(c, "ML-KEM-768", k1);
        PublicKey kemPub = publicKey(c, kid, "ML-KEM", k1);
        KEM.Encapsulated e = KEM.getInstance("ML-KEM").newEncapsulator(kemPub).encapsulate();
        Path ct = Files.write(dir.resolve("ct"), e.encapsulation());
        Cli.Result dec = run(c, "decapsulate", kid, ct.toString(), "--secret-file", s1.toString());
        assertOk(dec);
        assertThat(dec.out().strip()).isEqualTo(Base64Url.encode(e.key().getEncoded()));

        // Import a DER key pair made here, sign with it, verify with its own public key.
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        Path der = Files.write(dir.resolve("key.der"), kp.getPrivate().getEncoded());
        Cli.Result imp = run(c, "import", der.toString(), "--secret-file", s1.toString());
        assertOk(imp);
        String imported = imp.out().strip();
        assertOk(run(c, "sign", imported, doc.toString(), "-o", dir.resolve("imp.sig").toString(), "--secret-file", s1.toString()));
        assertThat(jdkVerify("ES256", kp.getPublic(), Files.readAllBytes(doc), Files.readAllBytes(dir.resolve("imp.sig"))))
                .isTrue();
        assertOk(run(c, "delete-key", imported, "--secret-file", s1.toString()));
        assertFails(run(c, "public-key", imported, "--secret-file", s1.toString()), ExitCodes.DEVICE_REFUSED);

        // Bad input against the real device: one line on stderr, non-zero exit, no stack trace.
        assertFails(run(c, "sign", "AAAAAAAAAAAAAAAAAAAAAA", doc.toString(), "--secret-file", s1.toString()),
                ExitCodes.DEVICE_REFUSED);
        assertFails(run(c, "sign", "not-a-key-id", doc.toString(), "--secret-file", s1.toString()), ExitCodes.USAGE);
        assertFails(run(c, "keygen", "ML-DSA-66", "--secret-file", s1.toString()), ExitCodes.USAGE);
        assertFails(run(c, "sign", kid, doc.toString(), "--secret-file", s1.toString()), ExitCodes.USAGE);
        assertFails(run(c, "keygen", "ES256", "--secret-file", wrong.toString()), ExitCodes.AUTHENTICATION);
        assertFails(Cli.run("info", "--url", url, "--pin", "00".repeat(32)), ExitCodes.UNREACHABLE);

        // New secret via RSA-OAEP-256, then the resets.
        assertOk(run(c, "set-secret", "--alg", "RSA-OAEP-256", "--secret-file", s1.toString(),
                "--new-secret-file", s2.toString()));
        assertFails(run(c, "list-keys", "ES256", "--secret-file", s1.toString()), ExitCodes.AUTHENTICATION);
        assertOk(run(c, "crypto-reset", "--yes", "--secret-file", s2.toString()));
        assertThat(run(c, "list-keys", "ML-DSA-65", "--secret-file", s2.toString()).out()).doesNotContain(mlDsa);
        keygen(c, "ES256", new String[] {"--secret-file", s2.toString()});
        assertOk(run(c, "device-reset", "--yes", "--secret-file", s2.toString()));
        // D-8: after DEV_RST the secret is empty and the keys are gone.
        Cli.Result afterReset = run(c, "list-keys", "ES256", "--secret-file", empty.toString());
        assertOk(afterReset);
        assertThat(afterReset.out()).doesNotContainPattern("[A-Za-z0-9_-]{22}");
        if (!original.isEmpty()) {
            assertOk(run(c, "set-secret", "--secret-file", empty.toString(), "--new-secret-file", old.toString()));
        }
    }

    /** A new key's id (an id may start with '-': the CLI takes it as an id, ClientCommandsTest). */
    private static String keygen(String[] c, String alg, String[] secret) {
        Cli.Result r = run(c, concat(new String[] {"keygen", alg}, secret));
        assertOk(r);
        String id = r.out().strip();
        assertThat(id).as(alg).matches("[A-Za-z0-9_-]{22}");
        return id;
    }

    private PublicKey publicKey(String[] c, String id, String keyFactory, String[] secret) throws Exception {
        Path f = dir.resolve(id + ".der");
        assertOk(run(c, concat(new String[] {"public-key", id, "--der", "-o", f.toString()}, secret)));
        return KeyFactory.getInstance(keyFactory).generatePublic(new X509EncodedKeySpec(Files.readAllBytes(f)));
    }

    private static boolean jdkVerify(String alg, PublicKey key, byte[] document, byte[] sig) throws Exception {
        Signature v = Signature.getInstance(switch (alg) {
            case "ES256" -> "SHA3-256withECDSAinP1363Format";
            case "Ed25519" -> "Ed25519";
            default -> "ML-DSA";
        });
        v.initVerify(key);
        v.update(alg.equals("ES256") ? document : MessageDigest.getInstance("SHA3-256").digest(document));
        return v.verify(sig);
    }

    private static void assertOk(Cli.Result r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    private static void assertFails(Cli.Result r, int code) {
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(code);
        String err = r.err().strip();
        assertThat(err).as("one line").isNotEmpty().doesNotContain("\n");
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out().strip()).doesNotContain("Exception");
    }

    private static Cli.Result run(String[] conn, String... args) {
        return Cli.run(concat(args, conn));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
