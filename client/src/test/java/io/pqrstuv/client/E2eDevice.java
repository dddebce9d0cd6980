package io.pqrstuv.client;

import io.pqrstuv.operation.support.TestDevice;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The whole device the end-to-end tests talk to. With PQRSTUV_E2E_URL and PQRSTUV_E2E_CACERT set
 * (and PQRSTUV_E2E_SECRET if its secret is not empty) that external device; otherwise a fresh one
 * in this process from the operation module's {@link TestDevice} (its test jar): the real storage
 * module (memory vault, temporary state) and the real operation module on a free local port, joined
 * by an in-memory link at unlimited line rate.
 */
final class E2eDevice implements AutoCloseable {
    private final URI url;
    private final Trust trust;
    private final byte[] secret;
    private final TestDevice local;

    private E2eDevice(URI url, Trust trust, byte[] secret, TestDevice local) {
        this.url = url;
        this.trust = trust;
        this.secret = secret;
        this.local = local;
    }

    static boolean external() {
        return System.getenv("PQRSTUV_E2E_URL") != null;
    }

    static E2eDevice start() throws Exception {
        String url = System.getenv("PQRSTUV_E2E_URL");
        if (url != null) {
            String cert = System.getenv("PQRSTUV_E2E_CACERT");
            if (cert == null) {
                throw new IllegalStateException("PQRSTUV_E2E_URL is set: set PQRSTUV_E2E_CACERT to its certificate too");
            }
            String s = System.getenv("PQRSTUV_E2E_SECRET");
            return new E2eDevice(URI.create(url), Trust.certificateFile(Path.of(cert)),
                    s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8), null);
        }
        TestDevice device = TestDevice.builder().wiring(TestDevice.Wiring.PIPE).vault("memory").start();
        try {
            return new E2eDevice(URI.create(device.url()), Trust.certificateFile(device.certificatePath()), new byte[0], device);
        } catch (Exception | Error e) {
            device.close();
            throw e;
        }
    }

    PqrstuvClient connect() {
        return PqrstuvClient.builder(url, trust).build();
    }

    /** The device's secret at the start (a fresh device: empty, D-8); a copy for the caller to wipe. */
    byte[] secret() {
        return secret.clone();
    }

    @Override
    public void close() throws Exception {
        if (local != null) {
            local.close();
        }
    }
}
