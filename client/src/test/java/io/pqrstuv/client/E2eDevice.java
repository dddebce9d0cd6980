package io.pqrstuv.client;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the end-to-end tests find a whole device. Until the operation module ships an in-process
 * launcher on main, they run against a device started separately ({@code ./pqrstuv device}) and
 * named by PQRSTUV_E2E_URL (+ PQRSTUV_E2E_CACERT, PQRSTUV_E2E_SECRET); otherwise they are skipped
 * with an assumption that says so.
 */
final class E2eDevice {
    static final String MISSING = "end-to-end: no device. The in-process launcher of './pqrstuv device' "
            + "(operation module) is not on main yet; set PQRSTUV_E2E_URL and PQRSTUV_E2E_CACERT to a running device";

    private E2eDevice() {
    }

    static PqrstuvClient connectOrSkip() throws Exception {
        String url = System.getenv("PQRSTUV_E2E_URL");
        String cert = System.getenv("PQRSTUV_E2E_CACERT");
        assumeTrue(url != null && cert != null, MISSING);
        return PqrstuvClient.builder(URI.create(url), Trust.certificateFile(Path.of(cert))).build();
    }

    /** The device's current secret (a fresh device: empty, D-8). */
    static byte[] secret() {
        String s = System.getenv("PQRSTUV_E2E_SECRET");
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }
}
