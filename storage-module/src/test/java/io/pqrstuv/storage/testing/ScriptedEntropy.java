package io.pqrstuv.storage.testing;

import io.pqrstuv.storage.entropy.EntropySource;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;

/** Entropy that first hands out scripted byte strings, then real randomness. */
public final class ScriptedEntropy implements EntropySource {
    private final Deque<byte[]> script = new ArrayDeque<>();
    private final SecureRandom random = new SecureRandom();

    public ScriptedEntropy then(byte[] bytes) {
        script.add(bytes);
        return this;
    }

    @Override
    public SecureRandom secureRandom() {
        return random;
    }

    @Override
    public void nextBytes(byte[] out) {
        byte[] next = script.poll();
        if (next == null) {
            random.nextBytes(out);
        } else {
            System.arraycopy(next, 0, out, 0, out.length);
        }
    }

    @Override
    public String describe() {
        return "scripted";
    }
}
