package io.pqrstuv.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.pqrstuv.client.error.PqrstuvException;
import io.pqrstuv.client.transport.Transport;
import io.pqrstuv.ecp.Api;
import io.pqrstuv.ecp.Base64Url;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection to one PQRSTUV device over ECP (HTTPS, TLS 1.3 only, pinned certificate).
 *
 * <p>Unauthenticated APIs ({@link #info()}, {@link #ping(byte[])}, {@link #init()}) are methods
 * here. Authenticated APIs run inside an {@link AuthorizedSequence} obtained from
 * {@link #authorize(byte[])}: it holds the user secret for one predefined sequence of operations
 * and wipes it on {@code close()} (spec "Authenticated sessions", CLIENT-1..5). Every
 * authenticated call opens its own session with a fresh /init.
 *
 * <p>Thread-safe: the underlying HTTP client may be shared; each sequence belongs to one thread.
 */
public final class PqrstuvClient implements AutoCloseable {
    /** The unauthenticated headers: session 00000000, token of 16 zero bytes. */
    private static final String NO_SESSION = Api.UNAUTHENTICATED_SESSION;
    private static final String NO_TOKEN = Api.UNAUTHENTICATED_TOKEN;

    private final Transport transport;
    private final SecureRandom random;

    private PqrstuvClient(Builder b) {
        this.transport = new Transport(b.url, b.trust.sha256(), b.connectTimeout, b.requestTimeout);
        // The default is made here, not in the builder: a builder may only validate a URL (the CLI does).
        this.random = b.random != null ? b.random : new SecureRandom();
    }

    public static Builder builder(URI url, Trust trust) {
        return new Builder(url, trust);
    }

    /** Client options. The defaults allow the 120 s a device call may take (D-50) plus queueing. */
    public static final class Builder {
        private final URI url;
        private final Trust.Pinned trust;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(300);
        private SecureRandom random; // null = a new SecureRandom when built

        private Builder(URI url, Trust trust) {
            this.url = Transport.checkUrl(url);
            this.trust = (Trust.Pinned) Objects.requireNonNull(trust, "trust");
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = Objects.requireNonNull(d);
            return this;
        }

        public Builder requestTimeout(Duration d) {
            this.requestTimeout = Objects.requireNonNull(d);
            return this;
        }

        public Builder random(SecureRandom r) {
            this.random = Objects.requireNonNull(r);
            return this;
        }

        public PqrstuvClient build() {
            return new PqrstuvClient(this);
        }
    }

    public URI url() {
        return transport.base();
    }

    /** The leaf certificate the device presented on the last handshake, if any. */
    public Optional<X509Certificate> lastPresentedCertificate() {
        return transport.lastPresentedCertificate();
    }

    /** GET /info. */
    public DeviceInfo info() throws PqrstuvException {
        return EcpCodec.info(call(Api.INFO, NO_SESSION, NO_TOKEN, new byte[0]));
    }

    /** POST /ping: the device echoes {@code data} through the storage module. */
    public byte[] ping(byte[] data) throws PqrstuvException {
        JsonNode r = call(Api.PING, NO_SESSION, NO_TOKEN, EcpCodec.body(TextNode.valueOf(Base64Url.encode(data))));
        return EcpCodec.bytes(Api.PING, r, true);
    }

    /** POST /init: a fresh session for exactly one authenticated call. */
    public SessionGrant init() throws PqrstuvException {
        return EcpCodec.init(call(Api.INIT, NO_SESSION, NO_TOKEN, EcpCodec.body(TextNode.valueOf(""))));
    }

    /**
     * Starts a predefined sequence of authenticated operations. The secret is copied; wipe your
     * own array. Close the sequence (try-with-resources) as soon as the operations are done.
     */
    public AuthorizedSequence authorize(byte[] secret) {
        return new AuthorizedSequence(this, secret, random);
    }

    /** A predefined sequence of authenticated operations, as one function. */
    @FunctionalInterface
    public interface Sequence<T> {
        T run(AuthorizedSequence seq) throws PqrstuvException, java.security.GeneralSecurityException;
    }

    /**
     * Runs {@code sequence} with {@code secret} and wipes the sequence's copy when it returns or
     * fails. The caller still wipes {@code secret}.
     */
    public <T> T withSecret(byte[] secret, Sequence<T> sequence)
            throws PqrstuvException, java.security.GeneralSecurityException {
        try (AuthorizedSequence seq = authorize(secret)) {
            return sequence.run(seq);
        }
    }

    /** One-shot /sign: /init, token, /sign; the secret is held only for this call. */
    public byte[] sign(KeyId id, byte[] document, byte[] secret) throws PqrstuvException {
        try (AuthorizedSequence seq = authorize(secret)) {
            return seq.sign(id, document);
        }
    }

    /** One HTTP exchange: returns {@code result} of a SUCCESS reply. */
    JsonNode call(Api api, String session, String token, byte[] body) throws PqrstuvException {
        byte[] reply = transport.exchange(api, session, token, body);
        try {
            return EcpCodec.result(api, reply);
        } finally {
            // Replies can carry a decapsulated secret; do not leave the raw bytes behind.
            java.util.Arrays.fill(reply, (byte) 0);
        }
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "PqrstuvClient[" + transport.base() + "]";
    }
}
