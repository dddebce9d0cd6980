package io.pqrstuv.qrng.emulator.attest;

import java.io.IOException;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/** Reads a passphrase-protected private key PEM (traditional OpenSSL or encrypted PKCS#8) with Bouncy Castle. */
public final class EncryptedPem {
    private EncryptedPem() {
    }

    public static PrivateKey decrypt(byte[] pem, char[] passphrase) throws IOException {
        try (PEMParser p = Pem.reader(pem)) {
            Object o = p.readObject();
            JcaPEMKeyConverter c = new JcaPEMKeyConverter();
            if (o instanceof PEMEncryptedKeyPair enc) {
                return c.getKeyPair(enc.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(Pem.BC).build(passphrase))).getPrivate();
            }
            if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                return c.getPrivateKey(enc.decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Pem.BC).build(passphrase)));
            }
            if (o instanceof PEMKeyPair kp) {
                return c.getKeyPair(kp).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return c.getPrivateKey(info);
            }
            throw new IOException("no private key in the PEM");
        } catch (org.bouncycastle.openssl.EncryptionException | PKCSException e) {
            throw new IOException("cannot decrypt the private key: wrong passphrase or damaged file", e);
        } catch (OperatorCreationException e) {
            throw new IOException("cannot decrypt the private key: " + e.getMessage(), e);
        }
    }
}
