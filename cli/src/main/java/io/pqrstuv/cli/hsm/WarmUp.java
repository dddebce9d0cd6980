package io.pqrstuv.cli.hsm;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Speculative start-up work for a command that is about to talk to the device: on a second thread,
 * the one-time set-up its TLS 1.3 handshake will need (the JCA providers, X.509 parsing, the JDK's
 * X25519 code and its 64-point P-256 table, built on first use and needed for the secp256r1 key
 * share and the device's ECDSA P-256 certificate, D-31), while the main thread builds the picocli
 * model and parses the arguments. On a two-core machine this overlaps about 0.1 s of each.
 * The key pairs made here are thrown away unused; they only warm code paths.
 */
public final class WarmUp {
    /** The subcommands that open an HTTPS connection to the device (the launcher trains on the same). */
    static final Set<String> CONNECTING = Set.of("info", "ping", "status", "set-secret", "keygen",
            "list-keys", "public-key", "delete-key", "import", "sign", "encapsulate", "decapsulate",
            "crypto-reset", "device-reset", "renew-tls", "set-syslog");

    private WarmUp() {
    }

    /** Starts the warm-up when {@code args} name a connecting command; never fails, never waits. */
    public static void startFor(String[] args) {
        int command = GlobalOptions.commandIndex(args);
        if (command >= args.length || !CONNECTING.contains(args[command])) {
            return;
        }
        Thread.ofPlatform().daemon().name("pqrstuv-warm-up").start(WarmUp::run);
    }

    private static void run() {
        try {
            KeyPairGenerator x = KeyPairGenerator.getInstance("XDH");
            x.initialize(NamedParameterSpec.X25519);
            x.generateKeyPair();
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            ec.generateKeyPair();
            CertificateFactory.getInstance("X.509");
            // JSSE's own tables (cipher suites, signature schemes, named groups), with empty
            // managers so that no default trust store is loaded; the socket is never connected.
            SSLContext tls = SSLContext.getInstance("TLSv1.3");
            tls.init(new KeyManager[0], new TrustManager[0], null);
            tls.getSocketFactory().createSocket().close();
            javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
            // Only an optimisation: the handshake does the same work itself if this could not.
        }
    }
}
