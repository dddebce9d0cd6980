package io.pqrstuv.qrng.emulator.attest;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;

/** PEM through Bouncy Castle: the formats openssl writes and reads. */
final class Pem {
    /** Bouncy Castle as a provider object, not registered JVM-wide (the OpenSSL key derivation lives there). */
    static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private Pem() {
    }

    /** An unencrypted PKCS#8 {@code PRIVATE KEY}; the caller wipes the result. */
    static byte[] pkcs8(PrivateKey key) {
        WipingWriter w = new WipingWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return w.bytes();
        } finally {
            w.wipe();
        }
    }

    /**
     * An {@code EC PRIVATE KEY} encrypted with AES-256-CBC under {@code passphrase}: what
     * {@code openssl ec -aes-256-cbc} writes (the pyqcicada docs' OEM CA recipe).
     */
    static byte[] encryptedTraditional(KeyPair pair, char[] passphrase) {
        // The full RFC 5915 structure, curve and public key included, as openssl writes it: the JDK's
        // PKCS#8 keeps the curve outside the inner structure, which openssl then cannot read.
        java.security.interfaces.ECPrivateKey priv = (java.security.interfaces.ECPrivateKey) pair.getPrivate();
        byte[] xy = P256.rawPublicKey((java.security.interfaces.ECPublicKey) pair.getPublic());
        byte[] point = new byte[65];
        point[0] = 0x04;
        System.arraycopy(xy, 0, point, 1, 64);
        var curve = org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1;
        var inner = new org.bouncycastle.asn1.sec.ECPrivateKey(256, priv.getS(),
                new org.bouncycastle.asn1.DERBitString(point), curve);
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            PrivateKeyInfo info = new PrivateKeyInfo(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                    org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey, curve), inner);
            pw.writeObject(new org.bouncycastle.openssl.MiscPEMGenerator(info, new JcePEMEncryptorBuilder("AES-256-CBC")
                    .setProvider(BC).setSecureRandom(new SecureRandom()).build(passphrase)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A {@code PUBLIC KEY} (SubjectPublicKeyInfo), as {@code openssl ec -pubout} writes. */
    static byte[] publicKey(PublicKey key) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads an unencrypted private key (PKCS#8 or traditional). */
    static PrivateKey privateKey(byte[] pem) throws IOException {
        try (PEMParser p = reader(pem)) {
            Object o = p.readObject();
            JcaPEMKeyConverter c = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return c.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair kp) {
                KeyPair pair = c.getKeyPair(kp);
                return pair.getPrivate();
            }
            throw new IOException("not an unencrypted private key");
        }
    }

    /** A PEM parser over bytes, without making them a {@code String}. */
    static PEMParser reader(byte[] pem) {
        return new PEMParser(new java.io.InputStreamReader(new java.io.ByteArrayInputStream(pem),
                StandardCharsets.US_ASCII));
    }

    /** Reads a {@code PUBLIC KEY}. */
    static PublicKey publicKey(byte[] pem) throws IOException {
        try (PEMParser p = reader(pem)) {
            Object o = p.readObject();
            if (o instanceof org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki) {
                return new JcaPEMKeyConverter().getPublicKey(spki);
            }
            throw new IOException("not a public key");
        }
    }
}
