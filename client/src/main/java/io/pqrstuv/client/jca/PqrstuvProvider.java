package io.pqrstuv.client.jca;

import io.pqrstuv.client.AuthorizedSequence;
import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.client.error.PqrstuvException;
import io.pqrstuv.icp.alg.Algorithm;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * JCA provider "PQRSTUV": device keys for unmodified JCA code.
 *
 * <ul>
 *   <li>{@code KeyStore "PQRSTUV"}: aliases are base64url key ids; entries give a
 *       {@link PqrstuvPrivateKey} handle and the public key.
 *   <li>{@code Signature} for every signature algorithm of the profile (ML-DSA-65, ES256, …): signing
 *       runs on the device over SHA3-256(data); verification runs locally.
 *   <li>{@code KEM "ML-KEM"} (and ML-KEM-512/768/1024): decapsulation on the device, encapsulation local.
 *   <li>{@code Cipher "RSA-OAEP-256"/"RSA-OAEP-512"}: decrypt/unwrap on the device, encrypt/wrap local.
 * </ul>
 *
 * <p>Each device operation takes the secret from the {@link SecretSource} and wipes it afterwards.
 */
public final class PqrstuvProvider extends Provider {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "PQRSTUV";
    private final transient PqrstuvClient client;
    private final transient SecretSource secrets;

    public PqrstuvProvider(PqrstuvClient client, SecretSource secrets) {
        super(NAME, "0.1", "PQRSTUV HSM: device-held keys for Signature, KEM, Cipher and KeyStore");
        this.client = Objects.requireNonNull(client);
        this.secrets = Objects.requireNonNull(secrets);
        putService(new DeviceService("KeyStore", NAME, List.of(), null));
        for (Algorithm a : Algorithm.values()) {
            if (a.isSignature()) {
                putService(new DeviceService("Signature", a.displayName(), List.of(String.valueOf(a.coseId())), a));
            }
        }
        putService(new DeviceService("KEM", "ML-KEM", List.of(), null));
        for (Algorithm a : List.of(Algorithm.ML_KEM_512, Algorithm.ML_KEM_768, Algorithm.ML_KEM_1024)) {
            putService(new DeviceService("KEM", a.displayName(), List.of(String.valueOf(a.coseId())), a));
        }
        for (Algorithm a : List.of(Algorithm.RSA_OAEP_256, Algorithm.RSA_OAEP_512)) {
            putService(new DeviceService("Cipher", a.displayName(), List.of(String.valueOf(a.coseId())), a));
        }
    }

    /** Runs one predefined device sequence with a fresh secret, wiping it afterwards. */
    <T> T withDevice(DeviceCall<T> call) throws IOException, PqrstuvException, java.security.GeneralSecurityException {
        byte[] secret = secrets.secret();
        if (secret == null) {
            throw new IOException("no device secret supplied");
        }
        try (AuthorizedSequence seq = client.authorize(secret)) {
            return call.run(seq);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    PqrstuvClient client() {
        return client;
    }

    @FunctionalInterface
    interface DeviceCall<T> {
        T run(AuthorizedSequence seq) throws PqrstuvException, java.security.GeneralSecurityException;
    }

    /** Services construct their SPI with this provider's client and secret source. */
    private final class DeviceService extends Service {
        private final Algorithm algorithm;

        DeviceService(String type, String name, List<String> aliases, Algorithm algorithm) {
            super(PqrstuvProvider.this, type, name, spiClass(type), aliases, null);
            this.algorithm = algorithm;
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            PqrstuvProvider p = PqrstuvProvider.this;
            return switch (getType()) {
                case "KeyStore" -> new DeviceKeyStoreSpi(p);
                case "Signature" -> new DeviceSignatureSpi(p, algorithm);
                case "KEM" -> new DeviceKemSpi(p, algorithm);
                case "Cipher" -> new DeviceOaepCipherSpi(p, algorithm);
                default -> throw new NoSuchAlgorithmException(getType());
            };
        }
    }

    private static String spiClass(String type) {
        return switch (type) {
            case "KeyStore" -> DeviceKeyStoreSpi.class.getName();
            case "Signature" -> DeviceSignatureSpi.class.getName();
            case "KEM" -> DeviceKemSpi.class.getName();
            default -> DeviceOaepCipherSpi.class.getName();
        };
    }
}
