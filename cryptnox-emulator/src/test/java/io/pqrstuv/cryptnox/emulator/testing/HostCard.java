package io.pqrstuv.cryptnox.emulator.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A test host for a Cryptnox card, written from the notes (§2) with JDK crypto only, independently
 * of the emulator's code: it is the other side the tests check the card against. It speaks to any
 * card through an {@link ApduTransport} (the emulator in-process, a PC/SC reader, a remote socket).
 */
public final class HostCard {
    public static final byte[] AID = HexFormat.of().parseHex("A0000010000112");
    public static final byte[] DEFAULT_PAIRING = "Cryptnox Basic CommonPairingData".getBytes(StandardCharsets.US_ASCII);
    /** The library's IV for the first secure command (MUTUALLY AUTHENTICATE). */
    private static final byte[] FIRST_IV = filled(16, 0x01);

    /** A response: data and status word. */
    public record Response(byte[] data, int sw) {
        public boolean ok() {
            return sw == 0x9000;
        }

        public String swHex() {
            return String.format("%04X", sw);
        }

        @Override
        public String toString() {
            return "Response[" + data.length + " bytes, SW " + swHex() + "]";
        }
    }

    private final ApduTransport transport;
    private final SecureRandom random;
    private byte[] certificate;
    private byte[] cardSessionKey;
    private byte[] encKey;
    private byte[] macKey;
    private byte[] iv;
    private byte[] lastCommand;
    private byte[] lastResponse;
    private byte[] lastCommandMac;

    public HostCard(ApduTransport transport) {
        this(transport, new SecureRandom());
    }

    public HostCard(ApduTransport transport, SecureRandom random) {
        this.transport = transport;
        this.random = random;
    }

    public static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** A PIN as the library sends it: ASCII digits right-padded with 00 to 9 bytes. */
    public static byte[] pin(String digits) {
        return Arrays.copyOf(digits.getBytes(StandardCharsets.US_ASCII), 9);
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Path "m/44'/60'/0'/0/0" → 4-byte big-endian elements. */
    public static byte[] path(String path) {
        if (path.equals("m") || path.isEmpty()) {
            return new byte[0];
        }
        if (!path.startsWith("m/")) {
            throw new IllegalArgumentException(path);
        }
        String[] parts = path.substring(2).split("/");
        byte[] out = new byte[4 * parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            long v = p.endsWith("'") ? Long.parseLong(p.substring(0, p.length() - 1)) | 0x80000000L : Long.parseLong(p);
            out[4 * i] = (byte) (v >>> 24);
            out[4 * i + 1] = (byte) (v >>> 16);
            out[4 * i + 2] = (byte) (v >>> 8);
            out[4 * i + 3] = (byte) v;
        }
        return out;
    }

    // ---- plain commands ----

    public Response send(byte[] apdu) throws IOException {
        lastCommand = apdu.clone();
        byte[] r = transport.transmit(apdu);
        lastResponse = r.clone();
        if (r.length < 2) {
            throw new IOException("response shorter than a status word");
        }
        return new Response(Arrays.copyOf(r, r.length - 2), ((r[r.length - 2] & 0xFF) << 8) | (r[r.length - 1] & 0xFF));
    }

    /** The last raw response (data ‖ SW). */
    public byte[] lastResponse() {
        return lastResponse.clone();
    }

    /** The last command bytes sent (for replays). */
    public byte[] lastCommand() {
        return lastCommand.clone();
    }

    public Response select() throws IOException {
        byte[] apdu = concat(HexFormat.of().parseHex("00A4040007"), AID);
        Response r = send(apdu);
        wipeChannel();
        return r;
    }

    /** Reads the manufacturer certificate page by page (F7). */
    public byte[] manufacturerCertificate() throws IOException {
        Response p0 = send(HexFormat.of().parseHex("80F7000000"));
        if (!p0.ok() || p0.data().length < 2) {
            throw new IOException("F7 page 0: " + p0);
        }
        int len = ((p0.data()[0] & 0xFF) << 8) | (p0.data()[1] & 0xFF);
        ByteArrayOutputStream cert = new ByteArrayOutputStream();
        cert.writeBytes(Arrays.copyOfRange(p0.data(), 2, p0.data().length));
        for (int page = 1; cert.size() < len; page++) {
            Response p = send(new byte[] {(byte) 0x80, (byte) 0xF7, 0, (byte) page, 0});
            if (!p.ok() || p.data().length == 0) {
                throw new IOException("F7 page " + page + ": " + p);
            }
            cert.writeBytes(p.data());
        }
        if (cert.size() != len) {
            throw new IOException("certificate length " + cert.size() + " != " + len);
        }
        certificate = cert.toByteArray();
        return certificate.clone();
    }

    public X509Certificate parsedCertificate() throws IOException {
        if (certificate == null) {
            manufacturerCertificate();
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
        } catch (GeneralSecurityException e) {
            throw new IOException("manufacturer certificate does not parse", e);
        }
    }

    /**
     * F8 with a random nonce; checks 'C' ‖ nonce echo ‖ key ‖ signature by the certificate key and
     * remembers the card session key. Returns the raw response data.
     */
    public byte[] cardCertificate() throws IOException {
        byte[] nonce = new byte[8];
        random.nextBytes(nonce);
        Response r = send(concat(HexFormat.of().parseHex("80F8000008"), nonce));
        if (!r.ok()) {
            throw new IOException("F8: " + r);
        }
        byte[] d = r.data();
        if (d.length < 74 + 8 || d[0] != 'C' || !Arrays.equals(Arrays.copyOfRange(d, 1, 9), nonce)) {
            throw new IOException("F8 reply malformed");
        }
        try {
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(parsedCertificate().getPublicKey());
            v.update(d, 0, 74);
            if (!v.verify(Arrays.copyOfRange(d, 74, d.length))) {
                throw new IOException("F8 signature does not verify with the certificate key");
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("F8 signature check failed", e);
        }
        cardSessionKey = Arrays.copyOfRange(d, 9, 74);
        return d;
    }

    public byte[] cardSessionKey() {
        return cardSessionKey.clone();
    }

    /** SELECT, certificate, F8: what the library's get_card does. */
    public Response connect() throws IOException {
        Response sel = select();
        if (!sel.ok()) {
            return sel;
        }
        manufacturerCertificate();
        cardCertificate();
        return sel;
    }

    // ---- INIT ----

    public Response init(String name, String email, String pin, String puk, byte[] pairing) throws IOException {
        return init(initPlaintext(ascii(name), ascii(email), pin(pin), ascii(puk), null, pairing), newKeyPair(),
                randomBytes(16));
    }

    /** The INIT plaintext; {@code nftMarker} is null for Basic cards. */
    public static byte[] initPlaintext(byte[] name, byte[] email, byte[] pin9, byte[] puk, byte[] nftMarker, byte[] pairing) {
        return concat(new byte[] {(byte) name.length}, name, new byte[] {(byte) email.length}, email, pin9, puk,
                nftMarker == null ? new byte[0] : nftMarker, pairing);
    }

    public Response init(byte[] plaintext, KeyPair hostKey, byte[] ivBytes) throws IOException {
        return send(initApdu(plaintext, hostKey, ivBytes));
    }

    public byte[] initApdu(byte[] plaintext, KeyPair hostKey, byte[] ivBytes) {
        return initApduUnpadded(pad(plaintext), hostKey, ivBytes);
    }

    /** INIT with a block-aligned payload encrypted as is (to test the card's padding check). */
    public byte[] initApduUnpadded(byte[] blocks, KeyPair hostKey, byte[] ivBytes) {
        byte[] key = ecdh(hostKey, cardSessionKey);
        byte[] ct = aes(Cipher.ENCRYPT_MODE, key, ivBytes, blocks);
        byte[] data = concat(new byte[] {0x41}, encode((ECPublicKey) hostKey.getPublic()), ivBytes, ct);
        return concat(new byte[] {(byte) 0x80, (byte) 0xFE, 0, 0, (byte) data.length}, data);
    }

    // ---- secure channel ----

    /** OPEN SECURE CHANNEL (slot 0) and MUTUALLY AUTHENTICATE with random host values. */
    public void openSecureChannel(byte[] pairing) throws IOException {
        Response[] r = openSecureChannel(pairing, newKeyPair(), randomBytes(32), 0x00);
        if (!r[0].ok() || !r[1].ok()) {
            throw new IOException("secure channel: OPEN " + r[0].swHex() + ", MUTUALLY AUTHENTICATE " + r[1].swHex());
        }
    }

    /**
     * OPEN SECURE CHANNEL then MUTUALLY AUTHENTICATE; returns both responses (the second already
     * unwrapped when the outer SW is 9000 and the MAC verifies).
     */
    public Response[] openSecureChannel(byte[] pairing, KeyPair hostKey, byte[] hostRandom, int p1) throws IOException {
        byte[] pub = encode((ECPublicKey) hostKey.getPublic());
        Response open = send(concat(new byte[] {(byte) 0x80, 0x10, (byte) p1, 0, 0x41}, pub));
        if (!open.ok()) {
            return new Response[] {open, open};
        }
        if (open.data().length != 32) {
            throw new IOException("salt of " + open.data().length + " bytes");
        }
        byte[] x = ecdh(hostKey, cardSessionKey);
        byte[] k = sha512(concat(x, pairing, open.data()));
        encKey = Arrays.copyOfRange(k, 0, 32);
        macKey = Arrays.copyOfRange(k, 32, 64);
        iv = FIRST_IV.clone();
        Response auth = secure(0x11, 0, 0, hostRandom, false);
        if (auth.ok() && auth.data().length != 32) {
            throw new IOException("MUTUALLY AUTHENTICATE returned " + auth.data().length + " bytes");
        }
        return new Response[] {open, auth};
    }

    public boolean channelOpen() {
        return encKey != null;
    }

    /** The wrapped command APDU (does not send it). */
    public byte[] wrap(int ins, int p1, int p2, byte[] data, boolean extended) {
        byte[] ct = aes(Cipher.ENCRYPT_MODE, encKey, iv, pad(data));
        int l = 16 + ct.length;
        boolean ext = extended || l >= 256;
        byte[] header = new byte[16];
        header[0] = (byte) 0x80;
        header[1] = (byte) ins;
        header[2] = (byte) p1;
        header[3] = (byte) p2;
        if (ext) {
            header[5] = (byte) (l >> 8);
            header[6] = (byte) l;
        } else {
            header[4] = (byte) l;
        }
        byte[] mac = cbcMac(macKey, concat(header, ct));
        lastCommandMac = mac;
        byte[] lc = ext ? new byte[] {0, (byte) (l >> 8), (byte) l} : new byte[] {(byte) l};
        return concat(Arrays.copyOf(header, 4), lc, mac, ct);
    }

    /** A secure command: wraps, sends, verifies and decrypts; the inner SW is the response's SW. */
    public Response secure(int ins, int p1, int p2, byte[] data, boolean extended) throws IOException {
        return unwrap(send(wrap(ins, p1, p2, data, extended)));
    }

    public Response secure(int ins, int p1, int p2, byte[] data) throws IOException {
        return secure(ins, p1, p2, data, false);
    }

    /**
     * Checks and decrypts a secure reply. A plain non-9000 SW (6982, 6985, ...) is returned as is,
     * and a 6982 means the card closed the channel.
     */
    public Response unwrap(Response outer) throws IOException {
        if (!outer.ok()) {
            if (outer.sw() == 0x6982) {
                wipeChannel();
            }
            return outer;
        }
        byte[] d = outer.data();
        if (d.length < 32 || d.length % 16 != 0) {
            throw new IOException("secure reply of " + d.length + " bytes");
        }
        byte[] mac = Arrays.copyOf(d, 16);
        byte[] r = Arrays.copyOfRange(d, 16, d.length);
        int lr = d.length;
        byte[] block = new byte[16];
        if (lr < 256) {
            block[0] = (byte) lr;
        } else {
            block[1] = (byte) (lr >> 8);
            block[2] = (byte) lr;
        }
        if (!MessageDigest.isEqual(mac, cbcMac(macKey, concat(block, r)))) {
            throw new IOException("bad MAC in the card's reply");
        }
        byte[] plain = unpad(aes(Cipher.DECRYPT_MODE, encKey, lastCommandMac, r));
        iv = mac;
        int sw = ((plain[plain.length - 2] & 0xFF) << 8) | (plain[plain.length - 1] & 0xFF);
        return new Response(Arrays.copyOf(plain, plain.length - 2), sw);
    }

    public void wipeChannel() {
        encKey = null;
        macKey = null;
        iv = null;
    }

    public Response verifyPin(String pin) throws IOException {
        return secure(0x20, 0, 0, pin(pin));
    }

    // ---- crypto (JDK) ----

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A P-256 key pair from a known scalar and its known public point (the worked examples give both). */
    public static KeyPair keyPair(byte[] scalar, byte[] publicPoint) {
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
            KeyFactory kf = KeyFactory.getInstance("EC");
            ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(publicPoint, 1, 33)),
                    new BigInteger(1, Arrays.copyOfRange(publicPoint, 33, 65)));
            return new KeyPair(kf.generatePublic(new ECPublicKeySpec(w, spec)),
                    kf.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), spec)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PublicKey p256PublicKey(byte[] point) {
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
            ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                    new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] encode(ECPublicKey key) {
        return concat(new byte[] {0x04}, fixed(key.getW().getAffineX()), fixed(key.getW().getAffineY()));
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    static byte[] ecdh(KeyPair host, byte[] cardPoint) {
        try {
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(host.getPrivate());
            ka.doPhase(p256PublicKey(cardPoint), true);
            return ka.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha512(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] aes(int mode, byte[] key, byte[] ivBytes, byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(ivBytes));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] cbcMac(byte[] key, byte[] data) {
        byte[] all = aes(Cipher.ENCRYPT_MODE, key, new byte[16], data);
        return Arrays.copyOfRange(all, all.length - 16, all.length);
    }

    static byte[] pad(byte[] data) {
        byte[] out = Arrays.copyOf(data, (data.length / 16 + 1) * 16);
        out[data.length] = (byte) 0x80;
        return out;
    }

    static byte[] unpad(byte[] data) {
        int i = data.length - 1;
        while (i >= 0 && data[i] == 0) {
            i--;
        }
        if (i < 0 || data[i] != (byte) 0x80) {
            throw new UncheckedIOException(new IOException("bad padding in the card's reply"));
        }
        return Arrays.copyOf(data, i);
    }
}
