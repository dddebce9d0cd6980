package io.pqrstuv.cryptnox.emulator.applet;

import io.pqrstuv.cryptnox.emulator.apdu.CommandApdu;
import io.pqrstuv.cryptnox.emulator.crypto.Aes;
import io.pqrstuv.cryptnox.emulator.crypto.Hashes;
import io.pqrstuv.cryptnox.emulator.crypto.M2Padding;
import java.util.Arrays;
import java.util.Optional;

/**
 * The card side of the secure channel (notes §2.6–§2.8, byte-exact with the worked example of
 * §7.4). Keys: SHA-512(ECDH X ‖ pairing key ‖ salt) split into AES-256 encryption and MAC keys.
 * Commands carry cmdMAC ‖ AES-CBC(encKey, IV = the card's last respMAC, M2pad(plaintext)), the MAC
 * being a zero-IV CBC-MAC over a 16-byte header block and the ciphertext. Replies carry respMAC ‖
 * AES-CBC(encKey, IV = cmdMAC, M2pad(data ‖ SW)), the MAC over a length block and the ciphertext.
 */
final class SecureChannel {
    enum State { CLOSED, OPENING, OPEN }

    private State state = State.CLOSED;
    private byte[] encKey;
    private byte[] macKey;
    /** The IV for decrypting the next command: the last respMAC (zeros before the first reply). */
    private byte[] commandIv = new byte[Aes.BLOCK];
    /** The IV for encrypting the reply to the command being processed: its cmdMAC. */
    private byte[] responseIv;

    State state() {
        return state;
    }

    /** OPEN SECURE CHANNEL: derives the session keys; MUTUALLY AUTHENTICATE must follow. */
    void open(byte[] ecdhX, byte[] pairingKey, byte[] salt) {
        close();
        byte[] k = Hashes.sha512(ecdhX, pairingKey, salt);
        encKey = Arrays.copyOfRange(k, 0, 32);
        macKey = Arrays.copyOfRange(k, 32, 64);
        Arrays.fill(k, (byte) 0);
        commandIv = new byte[Aes.BLOCK];
        state = State.OPENING;
    }

    /** MUTUALLY AUTHENTICATE succeeded. */
    void established() {
        state = State.OPEN;
    }

    /**
     * Verifies and decrypts a secure command. Empty when the MAC, the length or the padding is
     * wrong: the caller then answers a plain 6982 and closes the channel.
     */
    Optional<byte[]> unwrap(CommandApdu apdu) {
        byte[] d = apdu.data();
        if (encKey == null || d.length < 2 * Aes.BLOCK || d.length % Aes.BLOCK != 0) {
            return Optional.empty();
        }
        byte[] mac = Arrays.copyOfRange(d, 0, Aes.BLOCK);
        byte[] header = new byte[Aes.BLOCK];
        header[0] = (byte) apdu.cla();
        header[1] = (byte) apdu.ins();
        header[2] = (byte) apdu.p1();
        header[3] = (byte) apdu.p2();
        if (apdu.extended()) {
            header[5] = (byte) (d.length >> 8);
            header[6] = (byte) d.length;
        } else {
            header[4] = (byte) d.length;
        }
        byte[] macInput = new byte[d.length];
        System.arraycopy(header, 0, macInput, 0, Aes.BLOCK);
        System.arraycopy(d, Aes.BLOCK, macInput, Aes.BLOCK, d.length - Aes.BLOCK);
        byte[] expected = Aes.cbcMac(macKey, macInput);
        if (!Aes.equal(mac, expected)) {
            return Optional.empty();
        }
        byte[] padded = Aes.decrypt(encKey, commandIv, Arrays.copyOfRange(d, Aes.BLOCK, d.length));
        Optional<byte[]> plain = M2Padding.unpad(padded);
        Arrays.fill(padded, (byte) 0);
        if (plain.isPresent()) {
            responseIv = mac;
        }
        return plain;
    }

    /** Encrypts and MACs the reply {@code data ‖ SW} to the command just unwrapped. */
    byte[] wrap(byte[] data, int sw) {
        byte[] plain = new byte[data.length + 2];
        System.arraycopy(data, 0, plain, 0, data.length);
        plain[data.length] = (byte) (sw >> 8);
        plain[data.length + 1] = (byte) sw;
        byte[] padded = M2Padding.pad(plain);
        byte[] r = Aes.encrypt(encKey, responseIv, padded);
        Arrays.fill(plain, (byte) 0);
        Arrays.fill(padded, (byte) 0);
        int lr = Aes.BLOCK + r.length;
        byte[] macInput = new byte[Aes.BLOCK + r.length];
        if (lr < 256) {
            macInput[0] = (byte) lr;
        } else {
            macInput[1] = (byte) (lr >> 8);
            macInput[2] = (byte) lr;
        }
        System.arraycopy(r, 0, macInput, Aes.BLOCK, r.length);
        byte[] respMac = Aes.cbcMac(macKey, macInput);
        commandIv = respMac;
        byte[] out = new byte[lr];
        System.arraycopy(respMac, 0, out, 0, Aes.BLOCK);
        System.arraycopy(r, 0, out, Aes.BLOCK, r.length);
        return out;
    }

    /** Aborts the channel and wipes its keys. */
    void close() {
        if (encKey != null) {
            Arrays.fill(encKey, (byte) 0);
            Arrays.fill(macKey, (byte) 0);
        }
        encKey = null;
        macKey = null;
        responseIv = null;
        commandIv = new byte[Aes.BLOCK];
        state = State.CLOSED;
    }
}
