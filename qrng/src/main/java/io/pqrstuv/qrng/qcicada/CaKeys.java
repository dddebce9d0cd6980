package io.pqrstuv.qrng.qcicada;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The OEM CA's keys as PEM files, read with Bouncy Castle: the private key as made by the openssl
 * commands of the pyqcicada docs ({@code openssl ec -aes-256-cbc}: a traditional "EC PRIVATE KEY"
 * with Proc-Type/DEK-Info), or an encrypted PKCS#8 key; the public key as "PUBLIC KEY". Both must
 * be P-256.
 */
public final class CaKeys {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private CaKeys() {
    }

    /** Reads a CA public key ("PUBLIC KEY" PEM) and checks it is P-256. */
    public static ECPublicKey readPublicKeyPem(Path pem) throws IOException, GeneralSecurityException {
        Object o = firstObject(pem, null);
        if (!(o instanceof SubjectPublicKeyInfo spki)) {
            throw new InvalidKeyException(pem + " holds no PUBLIC KEY PEM block");
        }
        var key = new JcaPEMKeyConverter().getPublicKey(spki);
        P256.requireP256(key);
        return (ECPublicKey) key;
    }

    /**
     * Reads the CA private key, decrypting it with {@code passphrase} (the caller wipes it). A wrong
     * passphrase is an {@link UnrecoverableKeyException}.
     */
    public static ECPrivateKey readPrivateKeyPem(Path pem, char[] passphrase) throws IOException, GeneralSecurityException {
        Object o = firstObject(pem, passphrase);
        PrivateKeyInfo info;
        try {
            if (o instanceof PEMEncryptedKeyPair enc) {
                requirePassphrase(pem, passphrase);
                info = enc.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BC).build(passphrase))
                        .getPrivateKeyInfo();
            } else if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                requirePassphrase(pem, passphrase);
                info = enc.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase));
            } else if (o instanceof PEMKeyPair kp) {
                info = kp.getPrivateKeyInfo();
            } else if (o instanceof PrivateKeyInfo pki) {
                info = pki;
            } else {
                throw new InvalidKeyException(pem + " holds no EC private key PEM block");
            }
        } catch (PEMException | PKCSException e) {
            throw new UnrecoverableKeyException("cannot decrypt " + pem + ": wrong passphrase, or the file is damaged");
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot decrypt " + pem + ": " + e.getMessage(), e);
        }
        PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(info);
        P256.requireP256(key);
        return (ECPrivateKey) key;
    }

    private static void requirePassphrase(Path pem, char[] passphrase) throws UnrecoverableKeyException {
        if (passphrase == null || passphrase.length == 0) {
            throw new UnrecoverableKeyException(pem + " is encrypted: a passphrase is needed");
        }
    }

    /** The first key object of the file, skipping an "EC PARAMETERS" block (openssl ecparam without -noout). */
    private static Object firstObject(Path pem, char[] unused) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pem);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(pem.toString(), null, "no such file");
        }
        try (Reader r = new InputStreamReader(new java.io.ByteArrayInputStream(bytes), StandardCharsets.US_ASCII);
                PEMParser p = new PEMParser(r)) {
            Object o;
            do {
                try {
                    o = p.readObject();
                } catch (PEMException e) {
                    throw new IOException(pem + " is not a valid PEM file: " + e.getMessage(), e);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new IOException(pem + " is not a valid PEM file: " + e.getMessage(), e);
                }
            } while (o instanceof ASN1ObjectIdentifier || o instanceof org.bouncycastle.asn1.x9.X9ECParameters);
            if (o == null) {
                throw new IOException(pem + " holds no PEM block");
            }
            return o;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
