package io.pqrstuv.cryptnox.emulator.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The host end of the remote socket mode, written from the notes (§1.2) independently of the
 * emulator's codec: 64-byte ASCII length header, JSON array of ints out, {@code [[data], sw1, sw2]}
 * back.
 */
public final class RemoteClient implements ApduTransport, AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RemoteClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(30_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static byte[] frame(byte[] body) {
        byte[] header = String.format("%-64d", body.length).getBytes(StandardCharsets.US_ASCII);
        byte[] f = Arrays.copyOf(header, 64 + body.length);
        System.arraycopy(body, 0, f, 64, body.length);
        return f;
    }

    public void sendBody(byte[] body) throws IOException {
        out.write(frame(body));
        out.flush();
    }

    /** Reads one framed body. */
    public byte[] readBody() throws IOException {
        byte[] header = new byte[64];
        in.readFully(header);
        int len = Integer.parseInt(new String(header, StandardCharsets.US_ASCII).trim());
        byte[] body = new byte[len];
        in.readFully(body);
        return body;
    }

    @Override
    public byte[] transmit(byte[] apdu) throws IOException {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < apdu.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(apdu[i] & 0xFF);
        }
        sendBody(sb.append(']').toString().getBytes(StandardCharsets.UTF_8));
        return parseResponse(new String(readBody(), StandardCharsets.UTF_8));
    }

    /** {@code [[d, d, ...], sw1, sw2]} → data ‖ sw1 sw2. */
    static byte[] parseResponse(String json) throws IOException {
        String s = json.strip();
        if (!s.startsWith("[[")) {
            throw new IOException("not a response: " + s);
        }
        int close = s.indexOf(']');
        String data = s.substring(2, close).strip();
        String[] tail = s.substring(close + 1, s.length() - 1).split(",");
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        if (!data.isEmpty()) {
            for (String v : data.split(",")) {
                r.write(Integer.parseInt(v.strip()));
            }
        }
        if (tail.length != 3 || !tail[0].isBlank()) {
            throw new IOException("not a response: " + s);
        }
        r.write(Integer.parseInt(tail[1].strip()));
        r.write(Integer.parseInt(tail[2].strip()));
        return r.toByteArray();
    }

    /** After {@code !Close}: true when the peer closes the connection (nothing more to read). */
    public boolean transmitExpectingClose() throws IOException {
        return in.read() == -1;
    }

    /** The framed {@code !Close} the official CLI sends when leaving. */
    public void sendClose() throws IOException {
        sendBody("!Close".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
