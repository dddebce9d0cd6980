package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.device.DeviceLayout;
import java.nio.file.Path;

/**
 * Where the client looks for the embedded device ({@code pqrstuv device}): its default listen
 * address and its certificate, both taken from {@link DeviceLayout} so they match the device.
 */
public final class Defaults {
    /** The embedded device's ECP address. */
    public static final String URL = "https://" + DeviceLayout.DEFAULT_LISTEN;
    /** Environment variable overriding the device URL. */
    public static final String URL_ENV = "PQRSTUV_URL";
    /** Environment variable overriding the embedded device's state directory (its {@code --state}). */
    public static final String STATE_ENV = "PQRSTUV_STATE";
    /** How the default state directory reads in help texts. */
    public static final String STATE_DIR_DISPLAY = "~/.pqrstuv/device";

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
        return DeviceLayout.defaultRoot();
    }

    /** The embedded device's certificate under the state directory {@code state}. */
    static Path certificate(Path state) {
        return new DeviceLayout(state).certificate();
    }
}
