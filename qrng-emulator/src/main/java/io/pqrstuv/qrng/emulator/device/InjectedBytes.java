package io.pqrstuv.qrng.emulator.device;

/** One-off byte injections (garbage on the line) that a link's session carries out. */
public interface InjectedBytes {
    /** Bytes to send now, unasked, or null. */
    byte[] pollUnsolicited();

    /** Bytes to send instead of the next reply, or null. */
    byte[] takeReplyReplacement();

    InjectedBytes NONE = new InjectedBytes() {
        @Override
        public byte[] pollUnsolicited() {
            return null;
        }

        @Override
        public byte[] takeReplyReplacement() {
            return null;
        }
    };
}
