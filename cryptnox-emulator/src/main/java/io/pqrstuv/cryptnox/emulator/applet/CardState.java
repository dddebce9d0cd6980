package io.pqrstuv.cryptnox.emulator.applet;

import io.pqrstuv.cryptnox.emulator.CardType;
import io.pqrstuv.cryptnox.emulator.Firmware;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Everything the card keeps across power cycles (notes §5.1 item 8, left column), plus the factory
 * identity that even RESET keeps (serial, static key, manufacturer certificate). Mutable; the
 * applet saves it through its store after every change.
 */
public final class CardState {
    public static final int PIN_TRIES = 6;
    public static final int HISTORY_SIZE = 149;
    public static final int PAGE_SIZE = 1200;
    public static final int PAGES = 3;
    public static final int USER_KEY_SLOTS = 3;

    // factory identity
    final CardType type;
    final Firmware firmware;
    final byte[] serial;
    final byte[] staticPrivateKey;
    final byte[] certificate;

    // applet
    boolean initialized;
    byte[] name = new byte[0];
    byte[] email = new byte[0];
    byte[] pin;
    byte[] puk;
    byte[] pairingKey;
    int pinTriesLeft = PIN_TRIES;
    boolean pinAuth = true;
    boolean xpubExport;
    boolean clearPubRead;
    /** NFT only: the INIT marker 5A5A (true) or A5A5. */
    boolean nfcSign;
    /** 0 (no key) or 'K', 'X', 'L', 'S', 'D', 'R'. */
    int keySource;
    KeyTree k1;
    KeyTree r1;
    int[] pinlessPath;
    final UserKey[] userKeys = new UserKey[USER_KEY_SLOTS + 1];
    byte[][] userData;
    byte[] customBytes = new byte[16];
    long signingCounter;
    /** Newest first. */
    final Deque<HistoryEntry> history = new ArrayDeque<>();

    CardState(CardType type, Firmware firmware, byte[] serial, byte[] staticPrivateKey, byte[] certificate) {
        this.type = type;
        this.firmware = firmware;
        this.serial = serial;
        this.staticPrivateKey = staticPrivateKey;
        this.certificate = certificate;
        this.userData = emptyUserData(type);
    }

    static byte[][] emptyUserData(CardType type) {
        byte[][] d = new byte[type == CardType.NFT ? 4 : 1][];
        Arrays.setAll(d, i -> new byte[0]);
        return d;
    }

    public CardType type() {
        return type;
    }

    public Firmware firmware() {
        return firmware;
    }

    /** The card serial number (8 bytes), also the serial of the manufacturer certificate. */
    public byte[] serial() {
        return serial.clone();
    }

    public byte[] certificate() {
        return certificate.clone();
    }

    boolean hasKey() {
        return keySource != 0;
    }

    /** RESET: back to the state before INIT; the factory identity stays. */
    void factoryReset() {
        initialized = false;
        wipe(name, email, pin, puk, pairingKey, customBytes);
        name = new byte[0];
        email = new byte[0];
        pin = null;
        puk = null;
        pairingKey = null;
        pinTriesLeft = PIN_TRIES;
        pinAuth = true;
        xpubExport = false;
        clearPubRead = false;
        nfcSign = false;
        clearKeys();
        Arrays.fill(userKeys, null);
        for (byte[] d : userData) {
            Arrays.fill(d, (byte) 0);
        }
        userData = emptyUserData(type);
        customBytes = new byte[16];
        signingCounter = 0;
        history.clear();
    }

    void clearKeys() {
        keySource = 0;
        if (k1 != null) {
            k1.wipe();
        }
        if (r1 != null) {
            r1.wipe();
        }
        k1 = null;
        r1 = null;
        pinlessPath = null;
    }

    private static void wipe(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }

    /** Wipes every secret (when the emulator closes, or a state is replaced). */
    void wipeSecrets() {
        wipe(pin, puk, pairingKey, staticPrivateKey);
        clearKeys();
    }

    record HistoryEntry(long counter, byte[] hash) {
    }

    /** A registered user public key (ADD USER KEY). */
    record UserKey(byte[] info, byte[] publicKey, byte[] credentialId) {
    }
}
