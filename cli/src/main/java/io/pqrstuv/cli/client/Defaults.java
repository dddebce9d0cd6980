package io.pqrstuv.cli.client;

import java.nio.file.Path;

/**
 * Where the client looks for the embedded device. One place, so it is easy to align with the
 * operation module's own default.
 */
public final class Defaults {
    /** The embedded device's ECP address. */
    public static final String URL = "https://127.0.0.1:8443";
    /** Environment variable overriding the device URL. */
    public static final String URL_ENV = "PQRSTUV_URL";
    /** Environment variable overriding the embedded device's state directory. */
    public static final String STATE_ENV = "PQRSTUV_STATE";
    /** The embedded device's state directory when {@link #STATE_ENV} is unset: {@code ~/.pqrstuv}. */
    public static final String STATE_DIR_NAME = ".pqrstuv";
    /** The device certificate inside the state directory. */
    public static final String CERT_IN_STATE = "tls/cert.pem";

    private Defaults() {
    }

    static String url() {
        String env = System.getenv(URL_ENV);
        return env == null || env.isBlank() ? URL : env.strip();
    }

    static Path stateDir() {
        String env = System.getenv(STATE_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env.strip());
        }
        return Path.of(System.getProperty("user.home"), STATE_DIR_NAME);
    }
}
