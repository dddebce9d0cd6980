package io.pqrstuv.cryptnox.emulator.applet;

import io.pqrstuv.cryptnox.emulator.apdu.Sw;
import io.pqrstuv.cryptnox.emulator.apdu.SwException;
import io.pqrstuv.cryptnox.emulator.crypto.Curve;
import io.pqrstuv.cryptnox.emulator.crypto.EcdsaSigner;
import io.pqrstuv.cryptnox.emulator.state.StateStore;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;

/** What every command handler works on: the persistent state and its store, the session, randomness. */
final class Card {
    CardState state;
    final Session session = new Session();
    final StateStore store;
    /** The card's RNG: session keys, salts, challenges, seeds, GENERATE TRNG RANDOM. */
    final SecureRandom random;
    /** ECDSA nonces come from their own source (tests script the card RNG without touching them). */
    final EcdsaSigner signer;
    private byte[] lastSaved;

    Card(CardState state, StateStore store, SecureRandom random, SecureRandom signingRandom, byte[] lastSaved) {
        this.state = state;
        this.store = store;
        this.random = random;
        this.signer = new EcdsaSigner(signingRandom);
        this.lastSaved = lastSaved;
    }

    /** A persistent change is durable before the response leaves the card. */
    void commit() {
        byte[] encoded = StateCodec.encode(state);
        try {
            store.save(encoded);
        } catch (IOException e) {
            Arrays.fill(encoded, (byte) 0);
            throw new PersistenceFailure(e);
        }
        if (lastSaved != null) {
            Arrays.fill(lastSaved, (byte) 0);
        }
        lastSaved = encoded;
    }

    /** After a failed save: back to the last state that reached the store. */
    void rollback() {
        CardState restored = StateCodec.decode(lastSaved);
        state.wipeSecrets();
        state = restored;
    }

    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** A fresh P-256 private scalar from the card RNG (retried in the negligible invalid case). */
    byte[] newP256Key() {
        while (true) {
            byte[] d = randomBytes(32);
            if (Curve.SECP256R1.isValidScalar(d)) {
                return d;
            }
        }
    }

    void requireInitialized() {
        if (!state.initialized) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
    }

    /** PIN verified, or a user-key challenge-response, in this session. */
    void requireUserAuth() {
        if (!session.userAuthenticated()) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
    }

    void close() {
        session.powerReset();
        state.wipeSecrets();
        if (lastSaved != null) {
            Arrays.fill(lastSaved, (byte) 0);
        }
    }

    /** The state file could not be written: the command fails and the change is undone. */
    static final class PersistenceFailure extends RuntimeException {
        PersistenceFailure(IOException cause) {
            super("the card state could not be saved: " + cause.getMessage(), cause);
        }
    }
}
