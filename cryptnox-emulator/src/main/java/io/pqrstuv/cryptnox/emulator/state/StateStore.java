package io.pqrstuv.cryptnox.emulator.state;

import java.io.IOException;
import java.util.Optional;

/** Where the card's persistent state lives: a file, or memory for tests. */
public interface StateStore extends AutoCloseable {
    /** The last saved state, or empty for a blank card. */
    Optional<byte[]> load() throws IOException;

    /** Saves the whole encoded state durably: when this returns, a crash keeps it. */
    void save(byte[] encoded) throws IOException;

    /** A short description for messages (the file path, or "memory"). */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
