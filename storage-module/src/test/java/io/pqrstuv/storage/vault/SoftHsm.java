package io.pqrstuv.storage.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SoftHSM2 token initialised by the test. SoftHSM reads its configuration from
 * {@code $SOFTHSM2_CONF}, which surefire points into target/ (storage-module/pom.xml), because a
 * running JVM cannot change its own environment before the library loads.
 */
public final class SoftHsm {
    public static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");

    private SoftHsm() {
    }

    /** The configuration path from the environment, or null when tests run outside surefire. */
    public static Path confPath() {
        String conf = System.getenv("SOFTHSM2_CONF");
        return conf == null ? null : Path.of(conf);
    }

    /**
     * Initialises a new token labelled {@code label} with user PIN {@code pin} and writes a
     * SunPKCS11 configuration and its PIN file into {@code dir}; returns the configuration path.
     */
    public static Path initToken(Path dir, String label, String pin) throws IOException, InterruptedException {
        Path conf = confPath();
        Path tokens = conf.resolveSibling("tokens");
        Files.createDirectories(tokens);
        if (!Files.exists(conf)) {
            Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        }
        Process p = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", label,
                "--pin", pin, "--so-pin", pin + "-so").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("softhsm2-util failed: " + out);
        }
        Matcher m = SLOT.matcher(out);
        if (!m.find()) {
            throw new IOException("cannot find the slot in: " + out);
        }
        Files.createDirectories(dir);
        Path config = dir.resolve("pkcs11-" + label + ".cfg");
        Files.writeString(config, "name = SoftHSM-" + label + "\nlibrary = " + LIBRARY + "\nslot = " + m.group(1) + "\n");
        Path pinFile = Path.of(config + ".pin");
        Files.writeString(pinFile, pin + "\n");
        Files.setPosixFilePermissions(pinFile, PosixFilePermissions.fromString("rw-------"));
        return config;
    }
}
