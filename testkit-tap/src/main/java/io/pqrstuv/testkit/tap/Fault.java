package io.pqrstuv.testkit.tap;

import io.pqrstuv.icp.frame.Frames;
import java.time.Duration;
import java.util.Objects;

/**
 * What the tap does to one frame. Faults are queued per direction and each one is spent on the
 * next frame (preamble seen) in that direction; {@link #pass()} lets a frame through untouched so
 * a script can skip frames.
 */
public sealed interface Fault {

    /** Whether the tap must hold the whole frame back before forwarding it. */
    boolean needsWholeFrame();

    static Fault pass() {
        return Pass.INSTANCE;
    }

    static Fault drop() {
        return Drop.INSTANCE;
    }

    /** XORs the frame byte at {@code offset} with 0xFF; see {@link Corrupt}. */
    static Fault corrupt(int offset) {
        return new Corrupt(offset, (byte) 0xFF);
    }

    static Fault corrupt(int offset, byte xorMask) {
        return new Corrupt(offset, xorMask);
    }

    /** Corrupts payload byte {@code index} (frame offset 20 + index): the far end sees a CRC mismatch. */
    static Fault corruptPayload(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("payload index must be >= 0");
        }
        return corrupt(Frames.MARKER_LENGTH + Frames.LENGTH_FIELD + index);
    }

    /** Corrupts trailer byte {@code index} (0..15), counted from the frame's end whatever its length. */
    static Fault corruptTrailer(int index) {
        Objects.checkIndex(index, Frames.MARKER_LENGTH);
        return corrupt(index - Frames.MARKER_LENGTH);
    }

    static Fault delay(Duration delay) {
        return new Delay(delay);
    }

    /** Forwards the frame unchanged. */
    enum Pass implements Fault {
        INSTANCE;

        @Override
        public boolean needsWholeFrame() {
            return false;
        }
    }

    /** Swallows the whole frame: the far end never sees a byte of it. */
    enum Drop implements Fault {
        INSTANCE;

        @Override
        public boolean needsWholeFrame() {
            return true;
        }
    }

    /**
     * Flips bits of one frame byte. {@code offset} counts from the first preamble byte (0); a
     * negative offset counts from the end (-1 = last trailer byte), which reaches the CRC or
     * trailer without knowing the payload length. An offset outside the frame changes nothing.
     */
    record Corrupt(int offset, byte xorMask) implements Fault {
        public Corrupt {
            if (xorMask == 0) {
                throw new IllegalArgumentException("an XOR mask of 0 would change nothing");
            }
            if (offset >= Frames.MAX_FRAME || offset < -Frames.MAX_FRAME) {
                throw new IllegalArgumentException("offset " + offset + " lies outside any ICP frame");
            }
        }

        @Override
        public boolean needsWholeFrame() {
            return true;
        }

        /** The absolute index in a frame of {@code frameLength} bytes, or -1 if outside it. */
        int indexIn(int frameLength) {
            int i = offset >= 0 ? offset : frameLength + offset;
            return i >= 0 && i < frameLength ? i : -1;
        }
    }

    /** Holds the frame back for {@code delay} before its first byte goes on; the rest then streams. */
    record Delay(Duration delay) implements Fault {
        public Delay {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("negative delay");
            }
        }

        @Override
        public boolean needsWholeFrame() {
            return false;
        }
    }
}
