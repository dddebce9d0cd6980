package io.pqrstuv.cryptnox.emulator.state;

import java.util.Arrays;
import java.util.Optional;

/** Keeps the encoded state in memory: a card that forgets everything when the JVM ends. */
public final class MemoryStateStore implements StateStore {
    private byte[] saved;

    @Override
    public synchronized Optional<byte[]> load() {
        return Optional.ofNullable(saved).map(byte[]::clone);
    }

    @Override
    public synchronized void save(byte[] encoded) {
        if (saved != null) {
            Arrays.fill(saved, (byte) 0);
        }
        saved = encoded.clone();
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public synchronized void close() {
        if (saved != null) {
            Arrays.fill(saved, (byte) 0);
        }
    }
}
