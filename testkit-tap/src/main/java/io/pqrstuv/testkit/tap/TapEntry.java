package io.pqrstuv.testkit.tap;

import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.payload.ResponsePayloadException;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.icp.payload.ShortPayloadException;
import java.util.Arrays;

/**
 * One thing the tap saw: a frame, a framing anomaly, or bytes the test injected. {@link #seq()}
 * orders entries of both directions by when the tap saw them complete. No entry prints payload
 * bytes: request payloads carry tokens and key material.
 */
public sealed interface TapEntry {

    /** Arrival order across both directions, from 0. */
    long seq();

    Direction direction();

    /** {@link System#nanoTime()} when the tap read the entry's last byte (or wrote an injection). */
    long atNanos();

    /**
     * A well-formed frame as the sending module sent it (before any fault). {@code fault} is what
     * the tap then did to it on the way.
     */
    final class Frame implements TapEntry {
        private final long seq;
        private final Direction direction;
        private final long atNanos;
        private final byte[] payload;
        private final Fault fault;

        Frame(long seq, Direction direction, long atNanos, byte[] payload, Fault fault) {
            this.seq = seq;
            this.direction = direction;
            this.atNanos = atNanos;
            this.payload = payload;
            this.fault = fault;
        }

        @Override
        public long seq() {
            return seq;
        }

        @Override
        public Direction direction() {
            return direction;
        }

        @Override
        public long atNanos() {
            return atNanos;
        }

        public Fault fault() {
            return fault;
        }

        public int payloadLength() {
            return payload.length;
        }

        /** A copy of the raw payload (may hold secrets: wipe it when done). */
        public byte[] payload() {
            return payload.clone();
        }

        /** The frame re-encoded exactly as it went over the wire. */
        public byte[] frameBytes() {
            return Frames.encode(payload);
        }

        public boolean payloadEquals(byte[] expected) {
            return Arrays.equals(payload, expected);
        }

        /** Parses the payload as a request; fails if it is shorter than a request header. */
        public RequestPayload request() {
            try {
                return RequestPayload.decode(payload);
            } catch (ShortPayloadException e) {
                throw new IllegalStateException("frame #" + seq + " is not a request: " + e.getMessage(), e);
            }
        }

        /** Parses the payload strictly as a response. */
        public ResponsePayload response() {
            try {
                return ResponsePayload.decode(payload);
            } catch (ResponsePayloadException e) {
                throw new IllegalStateException("frame #" + seq + " is not a response: " + e.getMessage(), e);
            }
        }

        void wipe() {
            Arrays.fill(payload, (byte) 0);
        }

        @Override
        public String toString() {
            return "Frame#" + seq + "[" + direction + ", payload=" + payload.length + " bytes, fault=" + fault + "]";
        }
    }

    /** Something that was not a good frame, as the far end's receiver would see it. */
    record Anomaly(long seq, Direction direction, long atNanos, Kind kind, long detail) implements TapEntry {
        public enum Kind {
            /** Bytes outside any frame; {@code detail} = how many. */
            GARBAGE,
            /** A complete frame whose CRC did not match; {@code detail} = 0. */
            CRC_MISMATCH,
            /** No trailer where the length put it; {@code detail} = 0. */
            TRAILER_MISPLACED,
            /** Length field over the limit; {@code detail} = the declared length. */
            OVERSIZE,
            /** A partial frame abandoned after a 2 s gap; {@code detail} = bytes discarded. */
            GAP_TIMEOUT
        }
    }

    /** Bytes the test injected with {@link IcpTap#inject}; only their count is kept. */
    record Injection(long seq, Direction direction, long atNanos, int length) implements TapEntry {
    }
}
