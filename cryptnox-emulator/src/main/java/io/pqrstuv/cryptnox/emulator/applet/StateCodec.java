package io.pqrstuv.cryptnox.emulator.applet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.pqrstuv.cryptnox.emulator.CardType;
import io.pqrstuv.cryptnox.emulator.Firmware;
import io.pqrstuv.cryptnox.emulator.crypto.Curve;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The state file format (docs/cryptnox-emulator.md, "State file"): one JSON object, byte strings
 * in lowercase hex. Secrets are written from and read into char buffers, never Strings, and the
 * buffers are wiped (Jackson's own buffers are outside our reach).
 */
public final class StateCodec {
    public static final String FORMAT = "pqrstuv-cryptnox-emulator-state";
    public static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();

    private StateCodec() {
    }

    /** A state file that is not ours, or damaged. */
    public static final class BadStateException extends RuntimeException {
        BadStateException(String message) {
            super(message);
        }
    }

    public static byte[] encode(CardState s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeStringField("cardType", s.type.id());
            g.writeObjectFieldStart("factory");
            hex(g, "serial", s.serial);
            g.writeStringField("firmware", s.firmware.id());
            hex(g, "staticPrivateKey", s.staticPrivateKey);
            hex(g, "certificate", s.certificate);
            g.writeEndObject();
            g.writeObjectFieldStart("applet");
            g.writeBooleanField("initialized", s.initialized);
            hex(g, "name", s.name);
            hex(g, "email", s.email);
            hex(g, "pin", s.pin);
            hex(g, "puk", s.puk);
            hex(g, "pairingKey", s.pairingKey);
            g.writeNumberField("pinTriesLeft", s.pinTriesLeft);
            g.writeBooleanField("pinAuth", s.pinAuth);
            g.writeBooleanField("xpubExport", s.xpubExport);
            g.writeBooleanField("clearPubRead", s.clearPubRead);
            g.writeBooleanField("nfcSign", s.nfcSign);
            g.writeStringField("keySource", s.keySource == 0 ? "none" : String.valueOf((char) s.keySource));
            tree(g, "k1", s.k1);
            tree(g, "r1", s.r1);
            path(g, "pinlessPath", s.pinlessPath);
            g.writeArrayFieldStart("userKeys");
            for (int slot = 1; slot < s.userKeys.length; slot++) {
                CardState.UserKey k = s.userKeys[slot];
                if (k != null) {
                    g.writeStartObject();
                    g.writeNumberField("slot", slot);
                    hex(g, "info", k.info());
                    hex(g, "publicKey", k.publicKey());
                    hex(g, "credentialId", k.credentialId());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("userData");
            for (byte[] d : s.userData) {
                writeHex(g, d);
            }
            g.writeEndArray();
            hex(g, "customBytes", s.customBytes);
            g.writeNumberField("signingCounter", s.signingCounter);
            g.writeArrayFieldStart("history");
            for (CardState.HistoryEntry e : s.history) {
                g.writeStartObject();
                g.writeNumberField("counter", e.counter());
                hex(g, "hash", e.hash());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void tree(JsonGenerator g, String field, KeyTree t) throws IOException {
        if (t == null) {
            g.writeNullField(field);
            return;
        }
        g.writeObjectFieldStart(field);
        hex(g, "masterKey", t.masterKey);
        hex(g, "masterChainCode", t.masterChainCode);
        path(g, "currentPath", t.currentPath);
        g.writeEndObject();
    }

    private static void path(JsonGenerator g, String field, int[] path) throws IOException {
        if (path == null) {
            g.writeNullField(field);
            return;
        }
        g.writeArrayFieldStart(field);
        for (int i : path) {
            g.writeNumber(Integer.toUnsignedLong(i));
        }
        g.writeEndArray();
    }

    private static void hex(JsonGenerator g, String field, byte[] b) throws IOException {
        g.writeFieldName(field);
        if (b == null) {
            g.writeNull();
        } else {
            writeHex(g, b);
        }
    }

    private static void writeHex(JsonGenerator g, byte[] b) throws IOException {
        char[] c = new char[b.length * 2];
        final char[] digits = "0123456789abcdef".toCharArray();
        for (int i = 0; i < b.length; i++) {
            c[2 * i] = digits[(b[i] >> 4) & 0xF];
            c[2 * i + 1] = digits[b[i] & 0xF];
        }
        g.writeString(c, 0, c.length);
        Arrays.fill(c, '\0');
    }

    /**
     * Decodes a state file.
     *
     * @throws BadStateException if it is not a state file of this format, or is inconsistent
     */
    public static CardState decode(byte[] encoded) {
        try (JsonParser p = JSON.createParser(encoded)) {
            Reader r = new Reader(p);
            return r.state();
        } catch (IOException e) {
            throw new BadStateException("not a valid state file: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    /** Field-by-field reader; unknown fields are an error (a newer format must not be half-read). */
    private static final class Reader {
        private final JsonParser p;

        Reader(JsonParser p) {
            this.p = p;
        }

        CardState state() throws IOException {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            String format = null;
            int version = -1;
            CardType type = null;
            Factory factory = null;
            CardState state = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "format" -> format = p.getValueAsString();
                    case "version" -> version = p.getIntValue();
                    case "cardType" -> type = CardType.fromId(p.getValueAsString());
                    case "factory" -> factory = factory();
                    case "applet" -> {
                        if (format == null || !format.equals(FORMAT) || version != VERSION || type == null
                                || factory == null) {
                            throw new BadStateException("not a " + FORMAT + " version " + VERSION
                                    + " file (format, version, cardType and factory must come first)");
                        }
                        state = new CardState(type, factory.firmware(), factory.serial(), factory.staticPrivateKey(),
                                factory.certificate());
                        applet(state);
                    }
                    default -> throw new BadStateException("unknown field '" + f + "'");
                }
            }
            if (state == null) {
                throw new BadStateException("no applet section");
            }
            return state;
        }

        /** The factory section; a file from before firmware choice (no "firmware") holds a 1.6.1 card. */
        private Factory factory() throws IOException {
            expect(p.currentToken(), JsonToken.START_OBJECT);
            byte[][] r = new byte[3][];
            Firmware firmware = Firmware.V1_6_1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "serial" -> r[0] = hex(8);
                    case "staticPrivateKey" -> r[1] = hex(32);
                    case "certificate" -> r[2] = hex(-1);
                    case "firmware" -> firmware = firmware(p.getValueAsString());
                    default -> throw new BadStateException("unknown field 'factory." + f + "'");
                }
            }
            if (r[0] == null || r[1] == null || r[2] == null) {
                throw new BadStateException("factory needs serial, staticPrivateKey and certificate");
            }
            if (!Curve.SECP256R1.isValidScalar(r[1])) {
                throw new BadStateException("factory.staticPrivateKey is not a P-256 private key");
            }
            return new Factory(firmware, r[0], r[1], r[2]);
        }

        private static Firmware firmware(String v) {
            try {
                return Firmware.fromId(v);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new BadStateException("bad factory.firmware '" + v + "'");
            }
        }

        private record Factory(Firmware firmware, byte[] serial, byte[] staticPrivateKey, byte[] certificate) {
        }

        private void applet(CardState s) throws IOException {
            expect(p.currentToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "initialized" -> s.initialized = p.getBooleanValue();
                    case "name" -> s.name = hexOrEmpty(20);
                    case "email" -> s.email = hexOrEmpty(60);
                    case "pin" -> s.pin = hex(9);
                    case "puk" -> s.puk = hex(12);
                    case "pairingKey" -> s.pairingKey = hex(32);
                    case "pinTriesLeft" -> s.pinTriesLeft = range(p.getIntValue(), 0, CardState.PIN_TRIES, f);
                    case "pinAuth" -> s.pinAuth = p.getBooleanValue();
                    case "xpubExport" -> s.xpubExport = p.getBooleanValue();
                    case "clearPubRead" -> s.clearPubRead = p.getBooleanValue();
                    case "nfcSign" -> s.nfcSign = p.getBooleanValue();
                    case "keySource" -> s.keySource = keySource(p.getValueAsString());
                    case "k1" -> s.k1 = tree(Curve.SECP256K1);
                    case "r1" -> s.r1 = tree(Curve.SECP256R1);
                    case "pinlessPath" -> s.pinlessPath = path();
                    case "userKeys" -> userKeys(s);
                    case "userData" -> userData(s);
                    case "customBytes" -> s.customBytes = hex(16);
                    case "signingCounter" -> s.signingCounter = p.getLongValue();
                    case "history" -> history(s);
                    default -> throw new BadStateException("unknown field 'applet." + f + "'");
                }
            }
            if (s.initialized && (s.pin == null || s.puk == null || s.pairingKey == null)) {
                throw new BadStateException("an initialized card needs pin, puk and pairingKey");
            }
            if (s.keySource != 0 && s.k1 == null) {
                throw new BadStateException("keySource set but no k1 tree");
            }
        }

        private static int keySource(String v) {
            if (v == null || v.equals("none")) {
                return 0;
            }
            if (v.length() == 1 && "KXLSDR".indexOf(v.charAt(0)) >= 0) {
                return v.charAt(0);
            }
            throw new BadStateException("bad keySource '" + v + "'");
        }

        private KeyTree tree(Curve curve) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            expect(p.currentToken(), JsonToken.START_OBJECT);
            byte[] key = null;
            byte[] chain = null;
            int[] path = new int[0];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "masterKey" -> key = hex(32);
                    case "masterChainCode" -> chain = hex(32);
                    case "currentPath" -> path = path();
                    default -> throw new BadStateException("unknown key tree field '" + f + "'");
                }
            }
            if (key == null || !curve.isValidScalar(key)) {
                throw new BadStateException("bad masterKey for " + curve);
            }
            if (path == null || path.length > 8 || (chain == null && path.length > 0)) {
                throw new BadStateException("bad currentPath for " + curve);
            }
            KeyTree t = new KeyTree(curve, key, chain);
            t.currentPath = path;
            return t;
        }

        private int[] path() throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            expect(p.currentToken(), JsonToken.START_ARRAY);
            List<Integer> l = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                long v = p.getLongValue();
                if (v < 0 || v > 0xFFFFFFFFL) {
                    throw new BadStateException("path element out of range");
                }
                l.add((int) v);
            }
            return l.stream().mapToInt(Integer::intValue).toArray();
        }

        private void userKeys(CardState s) throws IOException {
            expect(p.currentToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                int slot = -1;
                byte[] info = null;
                byte[] key = null;
                byte[] cred = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    p.nextToken();
                    switch (f) {
                        case "slot" -> slot = range(p.getIntValue(), 1, CardState.USER_KEY_SLOTS, "slot");
                        case "info" -> info = hex(64);
                        case "publicKey" -> key = hex(-1);
                        case "credentialId" -> cred = p.currentToken() == JsonToken.VALUE_NULL ? null : hex(-1);
                        default -> throw new BadStateException("unknown user key field '" + f + "'");
                    }
                }
                if (slot < 0 || info == null || key == null) {
                    throw new BadStateException("a user key needs slot, info and publicKey");
                }
                s.userKeys[slot] = new CardState.UserKey(info, key, cred);
            }
        }

        private void userData(CardState s) throws IOException {
            expect(p.currentToken(), JsonToken.START_ARRAY);
            List<byte[]> l = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                byte[] d = hex(-1);
                if (d.length > CardState.PAGE_SIZE * CardState.PAGES) {
                    throw new BadStateException("user data longer than " + CardState.PAGE_SIZE * CardState.PAGES);
                }
                l.add(d);
            }
            if (l.size() != s.userData.length) {
                throw new BadStateException("userData needs " + s.userData.length + " slots for " + s.type);
            }
            s.userData = l.toArray(new byte[0][]);
        }

        private void history(CardState s) throws IOException {
            expect(p.currentToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                long counter = -1;
                byte[] hash = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    p.nextToken();
                    switch (f) {
                        case "counter" -> counter = p.getLongValue();
                        case "hash" -> hash = hex(32);
                        default -> throw new BadStateException("unknown history field '" + f + "'");
                    }
                }
                if (counter < 0 || hash == null || s.history.size() >= CardState.HISTORY_SIZE) {
                    throw new BadStateException("bad history entry");
                }
                s.history.addLast(new CardState.HistoryEntry(counter, hash));
            }
        }

        private byte[] hexOrEmpty(int max) throws IOException {
            byte[] b = hex(-1);
            if (b.length > max) {
                throw new BadStateException("field longer than " + max + " bytes");
            }
            return b;
        }

        /** A hex string of exactly {@code len} bytes (any length when -1); null stays null. */
        private byte[] hex(int len) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            expect(p.currentToken(), JsonToken.VALUE_STRING);
            char[] buf = p.getTextCharacters();
            int off = p.getTextOffset();
            int n = p.getTextLength();
            if (n % 2 != 0 || (len >= 0 && n != 2 * len)) {
                throw new BadStateException("field '" + p.currentName() + "' must be " + (len >= 0 ? len + " bytes of " : "")
                        + "hex");
            }
            byte[] out = new byte[n / 2];
            for (int i = 0; i < out.length; i++) {
                int hi = Character.digit(buf[off + 2 * i], 16);
                int lo = Character.digit(buf[off + 2 * i + 1], 16);
                if (hi < 0 || lo < 0) {
                    Arrays.fill(out, (byte) 0);
                    throw new BadStateException("field '" + p.currentName() + "' is not hex");
                }
                out[i] = (byte) ((hi << 4) | lo);
            }
            Arrays.fill(buf, off, off + n, '\0');
            return out;
        }

        private static int range(int v, int lo, int hi, String field) {
            if (v < lo || v > hi) {
                throw new BadStateException(field + " out of range");
            }
            return v;
        }

        private void expect(JsonToken actual, JsonToken wanted) {
            if (actual != wanted) {
                throw new BadStateException("expected " + wanted + " but found " + actual);
            }
        }
    }
}
