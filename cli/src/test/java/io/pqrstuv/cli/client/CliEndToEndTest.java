package io.pqrstuv.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user flow through the CLI against a whole device. Skipped unless PQRSTUV_E2E_URL and
 * PQRSTUV_E2E_CACERT name a running device: the in-process launcher of './pqrstuv device' is not on
 * main yet. PQRSTUV_E2E_SECRET is the device's current secret (default empty).
 */
class CliEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void userFlow() throws Exception {
        String url = System.getenv("PQRSTUV_E2E_URL");
        String cert = System.getenv("PQRSTUV_E2E_CACERT");
        assumeTrue(url != null && cert != null, "end-to-end: no device. The in-process launcher of './pqrstuv device' "
                + "(operation module) is not on main yet; set PQRSTUV_E2E_URL and PQRSTUV_E2E_CACERT");
        String original = System.getenv().getOrDefault("PQRSTUV_E2E_SECRET", "");
        Path old = Files.writeString(dir.resolve("old"), original);
        Path s1 = Files.writeString(dir.resolve("s1"), "cli e2e secret\n");
        Path wrong = Files.writeString(dir.resolve("wrong"), "definitely wrong");
        String[] c = {"--url", url, "--cacert", cert};

        assertThat(run(c, "info").exitCode()).isZero();
        assertThat(run(c, "status").out()).contains("Storage link:  ok");
        assertThat(run(c, "set-secret", "--secret-file", old.toString(), "--new-secret-file", s1.toString()).exitCode()).isZero();
        Cli.Result k = run(c, "keygen", "ML-DSA-65", "--secret-file", s1.toString());
        assertThat(k.exitCode()).as(k.err()).isZero();
        String id = k.out().strip();
        Path doc = Files.writeString(dir.resolve("doc"), "hello device");
        assertThat(run(c, "sign", id, doc.toString(), "--secret-file", s1.toString()).exitCode()).isZero();
        assertThat(run(c, "verify", id, doc.toString(), doc + ".sig", "--secret-file", s1.toString()).exitCode()).isZero();
        Files.writeString(doc, "tampered");
        assertThat(run(c, "verify", id, doc.toString(), doc + ".sig", "--secret-file", s1.toString()).exitCode())
                .isEqualTo(ExitCodes.INVALID_SIGNATURE);
        assertThat(run(c, "list-keys", "-49", "--secret-file", s1.toString()).out()).contains(id);
        Cli.Result kem = run(c, "keygen", "ML-KEM-768", "--secret-file", s1.toString());
        String kid = kem.out().strip();
        Path ct = dir.resolve("ct");
        Path ss = dir.resolve("ss");
        assertThat(run(c, "encapsulate", kid, "-o", ct.toString(), "--secret-out", ss.toString(),
                "--secret-file", s1.toString()).exitCode()).isZero();
        Cli.Result dec = run(c, "decapsulate", kid, ct.toString(), "--secret-file", s1.toString());
        assertThat(dec.out().strip()).isEqualTo(io.pqrstuv.ecp.Base64Url.encode(Files.readAllBytes(ss)));
        assertThat(run(c, "delete-key", id, "--secret-file", s1.toString()).exitCode()).isZero();
        assertThat(run(c, "public-key", id, "--secret-file", s1.toString()).exitCode()).isEqualTo(ExitCodes.DEVICE_REFUSED);
        assertThat(run(c, "keygen", "ES256", "--secret-file", wrong.toString()).exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(Cli.run("info", "--url", url, "--pin", "00".repeat(32)).exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run(c, "crypto-reset", "--yes", "--secret-file", s1.toString()).exitCode()).isZero();
        assertThat(run(c, "set-secret", "--alg", "RSA-OAEP-256", "--secret-file", s1.toString(),
                "--new-secret-file", old.toString()).exitCode()).isZero();
    }

    private static Cli.Result run(String[] conn, String... args) {
        String[] all = new String[args.length + conn.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(conn, 0, all, args.length, conn.length);
        return Cli.run(all);
    }
}
