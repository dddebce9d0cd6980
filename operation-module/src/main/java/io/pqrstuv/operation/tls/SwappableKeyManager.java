package io.pqrstuv.operation.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's one TLS identity, replaceable at run time: handshakes read the current identity,
 * so a /renew_tls swap applies to new connections only and never disturbs open ones.
 */
public final class SwappableKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "pqrstuv";

    /** A private key and its certificate. */
    public record Identity(PrivateKey key, X509Certificate certificate) {
        public Identity {
            Objects.requireNonNull(key);
            Objects.requireNonNull(certificate);
        }

        @Override
        public String toString() {
            return "Identity[" + certificate.getSubjectX500Principal() + "]";
        }
    }

    private final AtomicReference<Identity> current;

    public SwappableKeyManager(Identity initial) {
        this.current = new AtomicReference<>(initial);
    }

    public void swap(Identity next) {
        current.set(Objects.requireNonNull(next));
    }

    public X509Certificate certificate() {
        return current.get().certificate();
    }

    private String aliasFor(String keyType) {
        return keyType == null || keyType.equals(current.get().key().getAlgorithm()) ? ALIAS : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return aliasFor(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? new X509Certificate[] {current.get().certificate()} : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? current.get().key() : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
