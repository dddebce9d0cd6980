package io.pqrstuv.icp.frame;

import io.pqrstuv.icp.ResponseCode;

/** What the streaming {@link FrameReceiver} reports. */
public sealed interface ReceiverEvent {

    /** The framing-error reply this event calls for, or null for a valid payload. */
    ResponseCode errorReply();

    /** A complete frame with a valid trailer and CRC. The array belongs to the listener. */
    record Payload(byte[] payload) implements ReceiverEvent {
        @Override
        public ResponseCode errorReply() {
            return null;
        }

        @Override
        public String toString() {
            return "Payload[" + payload.length + " bytes]";
        }
    }

    /** The length field exceeded {@link Frames#MAX_PAYLOAD}; decided as soon as it was read (D-4). */
    record Oversize(long declaredLength) implements ReceiverEvent {
        @Override
        public ResponseCode errorReply() {
            return ResponseCode.CMD_REJECTED;
        }
    }

    /** Bad CRC, or no trailer where the length said it must be (D-1). */
    record ChecksumFailure(Cause cause) implements ReceiverEvent {
        public enum Cause { CRC_MISMATCH, TRAILER_MISPLACED }

        @Override
        public ResponseCode errorReply() {
            return ResponseCode.CHECKSUM_FAIL;
        }
    }

    /** A partial frame was abandoned after an inter-byte gap longer than the limit (D-1). */
    record GapTimeout(int bytesDiscarded) implements ReceiverEvent {
        @Override
        public ResponseCode errorReply() {
            return ResponseCode.CHECKSUM_FAIL;
        }
    }
}
