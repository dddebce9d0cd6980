package io.pqrstuv.crypto.der;

import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * A PKCS#8 key spec whose bytes this code owns and {@link #destroy()} zeroizes.
 *
 * <p>{@code PKCS8EncodedKeySpec} copies its input into a private array that nothing outside the JDK
 * can clear, so every {@code KeyFactory.generatePrivate(new PKCS8EncodedKeySpec(der))} left one
 * more copy of the private key on the heap. Providers read a spec only through
 * {@link #getEncoded()} (the JDK's key factories then zeroize the copy they got), so this subclass
 * hands the superclass an empty array and answers {@code getEncoded()} from its own.
 */
public final class OwnedPkcs8KeySpec extends PKCS8EncodedKeySpec implements Destroyable {
    private final byte[] der;
    private boolean destroyed;

    /** Takes ownership of {@code der} (no copy). */
    public OwnedPkcs8KeySpec(byte[] der) {
        super(new byte[0]);
        this.der = der;
    }

    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("key material destroyed");
        }
        return der.clone();
    }

    @Override
    public void destroy() {
        Arrays.fill(der, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "OwnedPkcs8KeySpec[" + der.length + " bytes]";
    }
}
