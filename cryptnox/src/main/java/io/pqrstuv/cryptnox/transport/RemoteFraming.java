package io.pqrstuv.cryptnox.transport;

import io.pqrstuv.cryptnox.error.CardProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The framing of the remote socket mode (notes §1.2): every message is a 64-byte ASCII header holding
 * the decimal length of the body, right-padded with spaces, then the body. Commands are a JSON array
 * of byte values ({@code [128, 16, 0, 0]}, separators {@code ", "} as the Python library writes
 * them); replies are {@code [[data bytes], sw1, sw2]}. The string {@code !Close} ends a session.
 */
public final class RemoteFraming {
    public static final int HEADER = 64;
    /** A reply larger than an extended APDU's 65,536 bytes plus SW, as JSON, is not a card's. */
    public static final int MAX_BODY = 65_538 * 5 + 64;
    public static final String CLOSE = "!Close";

    private RemoteFraming() {
    }

    /** The 64-byte header for a body of {@code length} bytes. */
    public static byte[] header(int length) {
        byte[] h = new byte[HEADER];
        Arrays.fill(h, (byte) ' ');
        byte[] digits = Integer.toString(length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, h, 0, digits.length);
        return h;
    }

    /** Parses a header: decimal digits surrounded by ASCII whitespace, at most {@link #MAX_BODY}. */
    public static int parseHeader(byte[] h) throws CardProtocolException {
        if (h.length != HEADER) {
            throw new CardProtocolException("remote header of " + h.length + " bytes, expected 64");
        }
        String s = new String(h, StandardCharsets.US_ASCII).strip();
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new CardProtocolException("remote header is not a decimal length: '" + printable(s) + "'");
        }
        int n = Integer.parseInt(s);
        if (n > MAX_BODY) {
            throw new CardProtocolException("remote body of " + n + " bytes is larger than any APDU reply");
        }
        return n;
    }

    /** Header and body of a command, ready for one write. */
    public static byte[] frameCommand(byte[] apdu) {
        StringBuilder sb = new StringBuilder(apdu.length * 5 + 2).append('[');
        for (int i = 0; i < apdu.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(apdu[i] & 0xFF);
        }
        return frame(sb.append(']').toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Header and body of a reply (what a card server writes). */
    public static byte[] frameReply(byte[] data, int sw) {
        StringBuilder sb = new StringBuilder(data.length * 5 + 16).append("[[");
        for (int i = 0; i < data.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(data[i] & 0xFF);
        }
        sb.append("], ").append((sw >> 8) & 0xFF).append(", ").append(sw & 0xFF).append(']');
        return frame(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] frame(byte[] body) {
        byte[] out = Arrays.copyOf(header(body.length), HEADER + body.length);
        System.arraycopy(body, 0, out, HEADER, body.length);
        return out;
    }

    /** A command body: a flat JSON array of bytes. */
    public static byte[] parseCommand(byte[] body) throws CardProtocolException {
        Json p = new Json(body);
        byte[] apdu = p.byteArray();
        p.end();
        return apdu;
    }

    /** A reply body {@code [[data], sw1, sw2]} as {@code data ‖ SW1 SW2}. */
    public static byte[] parseReply(byte[] body) throws CardProtocolException {
        Json p = new Json(body);
        p.expect('[');
        byte[] data = p.byteArray();
        p.expect(',');
        int sw1 = p.byteValue();
        p.expect(',');
        int sw2 = p.byteValue();
        p.expect(']');
        p.end();
        byte[] out = Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) sw1;
        out[data.length + 1] = (byte) sw2;
        return out;
    }

    private static String printable(String s) {
        String t = s.length() > 20 ? s.substring(0, 20) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** A strict reader for the two shapes above: arrays of integers 0..255, nothing else. */
    private static final class Json {
        private final byte[] b;
        private int i;

        Json(byte[] b) {
            this.b = b;
        }

        void skipSpace() {
            while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
                i++;
            }
        }

        void expect(char c) throws CardProtocolException {
            skipSpace();
            if (i >= b.length || b[i] != c) {
                throw error("'" + c + "' expected");
            }
            i++;
        }

        boolean peek(char c) {
            skipSpace();
            return i < b.length && b[i] == c;
        }

        int byteValue() throws CardProtocolException {
            skipSpace();
            int start = i;
            int v = 0;
            while (i < b.length && b[i] >= '0' && b[i] <= '9' && i - start < 4) {
                v = v * 10 + (b[i] - '0');
                i++;
            }
            if (i == start) {
                throw error("a byte value expected");
            }
            if (v > 255 || (i - start > 1 && b[start] == '0') || (i < b.length && b[i] >= '0' && b[i] <= '9')) {
                throw error("byte value out of range");
            }
            return v;
        }

        byte[] byteArray() throws CardProtocolException {
            expect('[');
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (peek(']')) {
                i++;
                return out.toByteArray();
            }
            while (true) {
                out.write(byteValue());
                if (peek(',')) {
                    i++;
                    continue;
                }
                expect(']');
                return out.toByteArray();
            }
        }

        void end() throws CardProtocolException {
            skipSpace();
            if (i != b.length) {
                throw error("trailing data");
            }
        }

        CardProtocolException error(String what) {
            return new CardProtocolException("malformed remote message at byte " + i + ": " + what);
        }
    }
}
