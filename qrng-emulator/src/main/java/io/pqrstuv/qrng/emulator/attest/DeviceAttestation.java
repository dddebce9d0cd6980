package io.pqrstuv.qrng.emulator.attest;

import io.pqrstuv.qrng.emulator.device.Attestation;
import io.pqrstuv.qrng.emulator.state.StateStore;
import io.pqrstuv.qrng.emulator.wire.Codes;
import io.pqrstuv.qrng.emulator.wire.DeviceInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The emulated QCicada's signing identity (notes §1.7–§1.10), kept in the state directory:
 * <ul>
 * <li>{@code device-key.pem}: the device's P-256 key (PKCS#8, owner-only), made once;</li>
 * <li>{@code device-certificate.bin}: the one-time programmable certificate, 64 bytes r‖s;</li>
 * <li>for a device provisioned at creation (not {@code --blank}): an OEM CA made once —
 * {@code oem-ca-privkey.pem} (passphrase-encrypted, as {@code openssl ec -aes-256-cbc} writes it),
 * {@code oem-ca-passphrase} (owner-only) and {@code oem-ca-pubkey.pem} — which signed the certificate;</li>
 * <li>{@code unprovisioned}: marks a device made {@code --blank} that has not been programmed yet.</li>
 * </ul>
 * A staged certificate ({@code program=0}) lives in memory only and is lost at reboot.
 */
public final class DeviceAttestation implements Attestation {
    public static final String DEVICE_KEY = "device-key.pem";
    public static final String CERTIFICATE = "device-certificate.bin";
    public static final String CA_PRIVATE = "oem-ca-privkey.pem";
    public static final String CA_PASSPHRASE = "oem-ca-passphrase";
    public static final String CA_PUBLIC = "oem-ca-pubkey.pem";
    public static final String UNPROVISIONED = "unprovisioned";
    static final String SIGNATURE = "SHA256withECDSAinP1363Format";

    private final StateStore store;
    private final PrivateKey deviceKey;
    private final ECPublicKey devicePublic;
    private final byte[] devicePublicRaw;
    private byte[] burned;
    private byte[] staged;

    private DeviceAttestation(StateStore store, PrivateKey deviceKey, ECPublicKey devicePublic, byte[] burned) {
        this.store = store;
        this.deviceKey = deviceKey;
        this.devicePublic = devicePublic;
        this.devicePublicRaw = P256.rawPublicKey(devicePublic);
        this.burned = burned;
    }

    /**
     * Loads the identity, making what a fresh directory lacks: the device key, and — unless the device
     * is blank — an OEM CA and the certificate it signs.
     */
    public static DeviceAttestation loadOrCreate(StateStore store, DeviceInfo info, boolean blank, Consumer<String> log)
            throws IOException {
        boolean fresh = !store.exists(DEVICE_KEY);
        KeyPair device;
        try {
            if (fresh) {
                device = newP256();
                store.writeSecret(DEVICE_KEY, Pem.pkcs8(device.getPrivate()));
                if (blank) {
                    store.write(UNPROVISIONED, "made --blank: no device certificate until one is programmed\n"
                            .getBytes(StandardCharsets.US_ASCII), false);
                }
            } else {
                byte[] pem = store.read(DEVICE_KEY).orElseThrow();
                PrivateKey priv;
                try {
                    priv = Pem.privateKey(pem);
                } finally {
                    Arrays.fill(pem, (byte) 0);
                }
                device = new KeyPair(publicOf((ECPrivateKey) priv), priv);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("device key in " + store.path(DEVICE_KEY) + ": " + e.getMessage(), e);
        }
        byte[] cert = store.read(CERTIFICATE).orElse(null);
        if (cert != null && cert.length != Codes.SIGNATURE_LEN) {
            throw new IOException(store.path(CERTIFICATE) + " is damaged (" + cert.length + " bytes, not 64)");
        }
        DeviceAttestation a = new DeviceAttestation(store, device.getPrivate(), (ECPublicKey) device.getPublic(), cert);
        if (blank && !fresh && (cert != null || !store.exists(UNPROVISIONED))) {
            log.accept("--blank applies to a fresh state directory only; " + store.dir() + " holds a device made before");
        }
        if (cert == null && !store.exists(UNPROVISIONED)) {
            a.provisionWithOwnCa(info);
        }
        return a;
    }

    /** The factory step: an OEM CA (made once) signs the device's blob and the certificate is burned. */
    private void provisionWithOwnCa(DeviceInfo info) throws IOException {
        try {
            PrivateKey ca;
            if (store.exists(CA_PRIVATE)) {
                ca = OemCa.load(store);
            } else {
                ca = OemCa.create(store);
            }
            Signature s = Signature.getInstance(SIGNATURE);
            s.initSign(ca);
            s.update(CertificateBlob.of(info, devicePublicRaw));
            byte[] cert = s.sign();
            store.write(CERTIFICATE, cert, false);
            burned = cert;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot provision the device certificate: " + e.getMessage(), e);
        }
    }

    static KeyPair newP256() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return g.generateKeyPair();
    }

    static ECPublicKey publicOf(ECPrivateKey priv) throws GeneralSecurityException {
        var params = priv.getParams();
        var q = org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec("secp256r1").getG().multiply(priv.getS()).normalize();
        var w = new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        return (ECPublicKey) java.security.KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params));
    }

    @Override
    public byte[] publicKey() {
        return devicePublicRaw.clone();
    }

    public ECPublicKey ecPublicKey() {
        return devicePublic;
    }

    @Override
    public synchronized Optional<byte[]> certificate() {
        byte[] c = burned != null ? burned : staged;
        return Optional.ofNullable(c).map(byte[]::clone);
    }

    /** Whether the one-time area holds a certificate. */
    public synchronized boolean isProgrammed() {
        return burned != null;
    }

    @Override
    public Signature newSigner() {
        try {
            Signature s = Signature.getInstance(SIGNATURE);
            s.initSign(deviceKey);
            return s;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the device key", e);
        }
    }

    @Override
    public synchronized Optional<String> program(byte[] certificate, boolean burn) {
        if (burned != null) {
            return Optional.of("the one-time certificate area is already programmed");
        }
        if (!P256.wellFormedSignature(certificate)) {
            return Optional.of("not a P-256 signature (r or s out of range)");
        }
        if (burn) {
            store.write(CERTIFICATE, certificate, false);
            burned = certificate.clone();
            staged = null;
            if (store.exists(UNPROVISIONED)) {
                try {
                    java.nio.file.Files.deleteIfExists(store.path(UNPROVISIONED));
                } catch (IOException ignored) {
                    // the certificate file decides; the marker is only a hint for start-up
                }
            }
        } else {
            staged = certificate.clone();
        }
        return Optional.empty();
    }

    @Override
    public synchronized void reboot() {
        staged = null;
    }

    /** {@code oem-ca-pubkey.pem}, when this device was provisioned by the emulator's own CA. */
    public Optional<Path> oemCaPublicKeyPem() {
        return store.exists(CA_PUBLIC) ? Optional.of(store.path(CA_PUBLIC)) : Optional.empty();
    }

    /** {@code oem-ca-privkey.pem} (passphrase in {@link #oemCaPassphraseFile()}). */
    public Optional<Path> oemCaPrivateKeyPem() {
        return store.exists(CA_PRIVATE) ? Optional.of(store.path(CA_PRIVATE)) : Optional.empty();
    }

    public Optional<Path> oemCaPassphraseFile() {
        return store.exists(CA_PASSPHRASE) ? Optional.of(store.path(CA_PASSPHRASE)) : Optional.empty();
    }

    /** The emulator's OEM CA: a P-256 key pair whose private half stays encrypted in the directory. */
    static final class OemCa {
        private OemCa() {
        }

        static PrivateKey create(StateStore store) throws GeneralSecurityException {
            KeyPair ca = newP256();
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            byte[] passBytes = Base64.getUrlEncoder().withoutPadding().encode(random); // ASCII
            Arrays.fill(random, (byte) 0);
            char[] passphrase = new char[passBytes.length];
            for (int i = 0; i < passBytes.length; i++) {
                passphrase[i] = (char) passBytes[i];
            }
            byte[] pem = null;
            try {
                // passphrase first: a crash between the two leaves a usable pair or nothing
                store.writeSecret(CA_PASSPHRASE, passBytes);
                pem = Pem.encryptedTraditional(ca, passphrase);
                store.write(CA_PRIVATE, pem, true);
                store.write(CA_PUBLIC, Pem.publicKey(ca.getPublic()), false);
            } finally {
                Arrays.fill(passphrase, '\0');
                Arrays.fill(passBytes, (byte) 0);
            }
            return ca.getPrivate();
        }

        static PrivateKey load(StateStore store) throws IOException {
            byte[] pass = store.read(CA_PASSPHRASE).orElseThrow(() ->
                    new IOException(store.path(CA_PASSPHRASE) + " is missing"));
            int n = pass.length;
            while (n > 0 && (pass[n - 1] == '\n' || pass[n - 1] == '\r' || pass[n - 1] == ' ')) {
                n--;
            }
            char[] passphrase = new char[n];
            for (int i = 0; i < n; i++) {
                passphrase[i] = (char) (pass[i] & 0xFF);
            }
            Arrays.fill(pass, (byte) 0);
            try {
                return EncryptedPem.decrypt(store.read(CA_PRIVATE).orElseThrow(), passphrase);
            } finally {
                Arrays.fill(passphrase, '\0');
            }
        }
    }
}
