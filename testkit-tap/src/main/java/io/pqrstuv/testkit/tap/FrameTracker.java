package io.pqrstuv.testkit.tap;

import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;

/**
 * Follows one direction of the stream byte by byte with a {@link FrameReceiver}, exactly as the
 * far end will parse it, and says where each byte falls: outside a frame, the byte that completes
 * a preamble, inside a frame, or the byte that ends one. It also counts garbage (bytes outside
 * frames that are not part of a preamble). Feeding single bytes is cheap and gives exact
 * boundaries, which the relay needs to hold back just one frame.
 *
 * <p>Not thread-safe: one relay thread owns it.
 */
final class FrameTracker {
    enum Step { HUNT, START, IN_FRAME, END }

    static final int PREAMBLE_HOLD = Frames.MARKER_LENGTH - 1;
    private static final byte[] PREAMBLE = Frames.preamble();

    private final FrameReceiver receiver;
    private final byte[] one = new byte[1];
    private final byte[] huntTail = new byte[PREAMBLE_HOLD];
    private int huntTailLen;
    private long huntBytes;
    private long garbage;
    private long now;
    private ReceiverEvent event;

    FrameTracker() {
        // The receiver reads the clock the relay sets once per chunk, not once per byte.
        this.receiver = new FrameReceiver(e -> event = e, () -> now, FrameReceiver.DEFAULT_GAP_TIMEOUT);
    }

    void setNow(long nanos) {
        now = nanos;
    }

    Step push(byte b) {
        boolean was = receiver.inFrame();
        one[0] = b;
        receiver.feed(one, 0, 1);
        if (event instanceof ReceiverEvent.GapTimeout) {
            was = false; // the partial frame before b was abandoned; b starts over in HUNT
        }
        boolean is = receiver.inFrame();
        if (!was && !is) {
            hunted(b);
            return Step.HUNT;
        }
        if (!was) {
            garbage += Math.max(0, huntBytes - PREAMBLE_HOLD); // the rest was the preamble
            huntBytes = 0;
            huntTailLen = 0;
            return Step.START;
        }
        return is ? Step.IN_FRAME : Step.END;
    }

    /** Called when a read found nothing: abandons a stale partial frame, settles garbage. */
    void idle() {
        receiver.checkGap();
        long maybePreamble = preamblePrefixAtEnd(huntTail, huntTailLen);
        garbage += huntBytes - maybePreamble;
        huntBytes = maybePreamble;
    }

    boolean inFrame() {
        return receiver.inFrame();
    }

    /** The event the last {@link #push} or {@link #idle} produced, once; else null. */
    ReceiverEvent takeEvent() {
        ReceiverEvent e = event;
        event = null;
        return e;
    }

    /** Garbage bytes counted since the last call. */
    long takeGarbage() {
        long g = garbage;
        garbage = 0;
        return g;
    }

    private void hunted(byte b) {
        huntBytes++;
        if (huntTailLen == PREAMBLE_HOLD) {
            System.arraycopy(huntTail, 1, huntTail, 0, PREAMBLE_HOLD - 1);
            huntTailLen--;
        }
        huntTail[huntTailLen++] = b;
    }

    /** Length of the longest suffix of {@code b[0, len)} that is a proper prefix of the preamble. */
    static int preamblePrefixAtEnd(byte[] b, int len) {
        for (int k = Math.min(len, PREAMBLE_HOLD); k > 0; k--) {
            if (java.util.Arrays.equals(b, len - k, len, PREAMBLE, 0, k)) {
                return k;
            }
        }
        return 0;
    }
}
