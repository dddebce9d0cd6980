package io.pqrstuv.crypto.engine;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.KEM;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;

/**
 * JCA lookups with the provider resolved once per algorithm name: the per-call cost is then the
 * object construction, not the provider search. Key objects are never cached.
 *
 * <p>The JDK providers are pinned by name, so that a Bouncy Castle provider installed ahead of them
 * by another part of the application cannot take over the private-key operations (BC key objects
 * cannot be destroyed, and a KeyFactory/Signature pair from different providers would convert keys).
 */
final class Jca {
    private static final ConcurrentHashMap<String, Provider> PROVIDERS = new ConcurrentHashMap<>();
    private static final Map<String, String> PREFERRED = Map.ofEntries(
            Map.entry("KeyFactory.ML-DSA", "SUN"),
            Map.entry("Signature.ML-DSA", "SUN"),
            Map.entry("KeyFactory.ML-KEM", "SunJCE"),
            Map.entry("KEM.ML-KEM", "SunJCE"),
            Map.entry("KeyFactory.EC", "SunEC"),
            Map.entry("Signature.NONEwithECDSAinP1363Format", "SunEC"),
            Map.entry("KeyFactory.Ed25519", "SunEC"),
            Map.entry("Signature.Ed25519", "SunEC"),
            Map.entry("KeyFactory.RSA", "SunRsaSign"),
            Map.entry("Signature.NONEwithRSA", "SunJCE"),
            Map.entry("Cipher.RSA/ECB/OAEPPadding", "SunJCE"));

    private Jca() {
    }

    static KeyFactory keyFactory(String name) throws GeneralSecurityException {
        return KeyFactory.getInstance(name, provider("KeyFactory", name));
    }

    static Signature signature(String name) throws GeneralSecurityException {
        return Signature.getInstance(name, provider("Signature", name));
    }

    static Cipher cipher(String name) throws GeneralSecurityException {
        return Cipher.getInstance(name, provider("Cipher", name));
    }

    static KEM kem(String name) throws GeneralSecurityException {
        return KEM.getInstance(name, provider("KEM", name));
    }

    private static Provider provider(String type, String name) throws GeneralSecurityException {
        String key = type + "." + name;
        Provider p = PROVIDERS.get(key);
        if (p == null) {
            p = preferred(key, type, name);
        }
        if (p == null) {
            p = switch (type) {
                case "KeyFactory" -> KeyFactory.getInstance(name).getProvider();
                case "Signature" -> Signature.getInstance(name).getProvider();
                case "Cipher" -> Cipher.getInstance(name).getProvider();
                case "KEM" -> firstProvider(type, name);
                default -> throw new IllegalArgumentException(type);
            };
            PROVIDERS.putIfAbsent(key, p);
        }
        return p;
    }

    /** The pinned JDK provider if it is installed and offers the algorithm, else null. */
    private static Provider preferred(String key, String type, String name) {
        String providerName = PREFERRED.get(key);
        Provider p = providerName == null ? null : Security.getProvider(providerName);
        if (p == null) {
            return null;
        }
        try {
            switch (type) {
                case "KeyFactory" -> KeyFactory.getInstance(name, p);
                case "Signature" -> Signature.getInstance(name, p);
                case "Cipher" -> Cipher.getInstance(name, p);
                case "KEM" -> KEM.getInstance(name, p);
                default -> {
                    return null;
                }
            }
            PROVIDERS.putIfAbsent(key, p);
            return p;
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** KEM has no getProvider(): take the first installed provider that lists it. */
    private static Provider firstProvider(String type, String name) throws GeneralSecurityException {
        Provider[] found = java.security.Security.getProviders(type + "." + name);
        if (found == null || found.length == 0) {
            throw new java.security.NoSuchAlgorithmException(type + " " + name + " is not available");
        }
        return found[0];
    }

    /** Destroys a key object where the JDK supports it (ML-DSA, ML-KEM); others cannot be wiped. */
    static void destroy(Object key) {
        if (key instanceof Destroyable d && !d.isDestroyed()) {
            try {
                d.destroy();
            } catch (DestroyFailedException e) {
                // EC/RSA/EdDSA key objects do not support destroy(); documented in docs/crypto.md.
            }
        }
    }
}
