package io.pqrstuv.cryptnox.emulator.testing;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A card RNG that hands out scripted byte strings, in order, one per request of the same length;
 * when the script is used up it either fails (strict) or falls back to real randomness.
 */
public final class ScriptedRandom extends SecureRandom {
    private final Deque<byte[]> script = new ArrayDeque<>();
    private final boolean strict;
    private final SecureRandom fallback = new SecureRandom();

    public ScriptedRandom(boolean strict) {
        this.strict = strict;
    }

    public ScriptedRandom then(byte[] bytes) {
        script.addLast(bytes.clone());
        return this;
    }

    public int remaining() {
        return script.size();
    }

    @Override
    public synchronized void nextBytes(byte[] out) {
        if (script.isEmpty()) {
            if (strict) {
                throw new AssertionError("the card asked for " + out.length + " random bytes beyond the script");
            }
            fallback.nextBytes(out);
            return;
        }
        byte[] next = script.removeFirst();
        if (next.length != out.length) {
            throw new AssertionError("the card asked for " + out.length + " random bytes, the script has " + next.length);
        }
        System.arraycopy(next, 0, out, 0, out.length);
    }
}
