package io.pqrstuv.cryptnox.emulator.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Cryptnox library's "remote" socket mode (notes §1.2): each message is a 64-byte ASCII header
 * holding the decimal length of the body, right-padded with spaces, then the body. Commands are
 * UTF-8 JSON arrays of ints ({@code [0, 164, 4, 0, ...]}); responses are {@code [[data...], sw1,
 * sw2]}; the framed string {@code !Close} ends the session (the official CLI sends it when leaving).
 */
public final class RemoteFraming {
    public static final int HEADER = 64;
    /** An extended APDU of 65 535 data bytes written as JSON stays well below this. */
    public static final int MAX_BODY = 1 << 20;
    private static final byte[] CLOSE = "!Close".getBytes(StandardCharsets.US_ASCII);
    private static final JsonFactory JSON = new JsonFactory();

    private RemoteFraming() {
    }

    /** A malformed frame: the session cannot continue (the peer and we disagree on the framing). */
    public static final class ProtocolException extends IOException {
        public ProtocolException(String message) {
            super(message);
        }
    }

    /**
     * Reads one body, or returns null at a clean end of stream (before any header byte).
     *
     * @throws ProtocolException for a bad header or a truncated body
     */
    public static byte[] readBody(InputStream in) throws IOException {
        byte[] header = in.readNBytes(HEADER);
        if (header.length == 0) {
            return null;
        }
        if (header.length < HEADER) {
            throw new ProtocolException("connection closed inside a 64-byte header");
        }
        String text = new String(header, StandardCharsets.US_ASCII).strip();
        int len;
        try {
            len = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            if (header[0] == (byte) 0x80) {
                throw new ProtocolException("a pickle, not a 64-byte length header: cryptnoxpy <= 2.5.6 framing is not supported");
            }
            throw new ProtocolException("header is not a decimal length: '" + printable(text) + "'");
        }
        if (len < 0 || len > MAX_BODY) {
            throw new ProtocolException("body length " + len + " out of range");
        }
        byte[] body = in.readNBytes(len);
        if (body.length != len) {
            throw new ProtocolException("connection closed inside a " + len + "-byte body");
        }
        return body;
    }

    public static boolean isClose(byte[] body) {
        return Arrays.equals(body, CLOSE);
    }

    /**
     * The APDU in a command body: a JSON array of integers 0..255.
     *
     * @throws ProtocolException for anything else
     */
    public static byte[] parseCommand(byte[] body) throws ProtocolException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 1);
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                if (body.length > 0 && body[0] == (byte) 0x80) {
                    throw new ProtocolException("a pickle, not JSON: cryptnoxpy <= 2.5.6 framing is not supported");
                }
                throw new ProtocolException("command is not a JSON array");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.VALUE_NUMBER_INT) {
                int v = p.getIntValue();
                if (v < 0 || v > 255) {
                    throw new ProtocolException("APDU byte " + v + " out of range");
                }
                out.write(v);
            }
            if (t != JsonToken.END_ARRAY || p.nextToken() != null) {
                throw new ProtocolException("command is not a JSON array of integers");
            }
        } catch (ProtocolException e) {
            throw e;
        } catch (IOException e) {
            throw new ProtocolException("command is not JSON: " + e.getMessage());
        }
        return out.toByteArray();
    }

    /** The framed response {@code [[data...], sw1, sw2]} as one buffer, to be sent in one write. */
    public static byte[] frameResponse(byte[] rapdu) {
        StringBuilder sb = new StringBuilder(rapdu.length * 5 + 16).append("[[");
        for (int i = 0; i < rapdu.length - 2; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(rapdu[i] & 0xFF);
        }
        sb.append("], ").append(rapdu[rapdu.length - 2] & 0xFF).append(", ").append(rapdu[rapdu.length - 1] & 0xFF)
                .append(']');
        return frame(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Header ‖ body. */
    public static byte[] frame(byte[] body) {
        byte[] out = new byte[HEADER + body.length];
        Arrays.fill(out, 0, HEADER, (byte) ' ');
        byte[] len = Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(len, 0, out, 0, len.length);
        System.arraycopy(body, 0, out, HEADER, body.length);
        return out;
    }

    private static String printable(String s) {
        String t = s.length() > 20 ? s.substring(0, 20) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e…]", "?");
    }
}
