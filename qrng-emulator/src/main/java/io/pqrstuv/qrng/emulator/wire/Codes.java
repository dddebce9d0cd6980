package io.pqrstuv.qrng.emulator.wire;

/**
 * Command and response codes of the Crypta Labs QRNG Cmd&amp;Ctrl protocol (notes §1.2), and the
 * constants the device side needs. The device side only: the emulator shares no code with the host
 * library, so that each can catch the other's misreading of the protocol.
 */
public final class Codes {
    // Host -> device
    public static final int GET_STATUS = 0x01;
    public static final int START = 0x04;
    public static final int STOP = 0x05;
    public static final int GET_CONFIG = 0x07;
    public static final int SET_CONFIG = 0x08;
    public static final int GET_STATISTICS = 0x09;
    public static final int RESET = 0x0A;
    public static final int GET_INFO = 0x0B;
    public static final int HASH_TEST_INIT = 0x20;
    public static final int HASH_TEST_ACCUMULATE = 0x22;
    public static final int HASH_TEST_DIGEST = 0x23;
    public static final int UPDATE_INIT = 0x40;
    public static final int UPDATE_CHUNK = 0x41;
    public static final int SIGNED_READ = 0x51;
    /** QCicada custom commands (high nibble F). */
    public static final int GET_DEV_PUB_KEY = 0xF7;
    public static final int REBOOT = 0xF8;
    public static final int GET_DEV_CERTIFICATE = 0xF9;
    /** Unpublished (notes §1.10 [P]); the emulator takes it as a setting. */
    public static final int SET_DEV_CERTIFICATE_DEFAULT = 0xFA;

    // Device -> host
    public static final int ACK = 0x11;
    public static final int NACK = 0x12;
    public static final int CONFIG = 0x17;
    public static final int STATISTICS = 0x19;
    public static final int INFO = 0x1B;
    public static final int HASH_TEST_ACK = 0x21;
    public static final int HASH_TEST_DIGEST_REPLY = 0x24;
    public static final int UPDATE = 0x43;
    public static final int SIGNED_READ_REPLY = 0x52;
    public static final int CUSTOM_OK = 0xF8;
    public static final int DEV_PUB_KEY = 0xF9;
    public static final int DEV_CERTIFICATE = 0xFB;

    /** The "custom magic" that REBOOT and SET_DEV_CERTIFICATE carry. */
    public static final int CUSTOM_MAGIC_0 = 0xA1;
    public static final int CUSTOM_MAGIC_1 = 0x25;

    public static final int MAX_CHUNK = 1024;
    public static final int DIGEST_LEN = 32;
    public static final int INFO_STR_LEN = 24;
    public static final int SIGNATURE_LEN = 64;
    public static final int PUBLIC_KEY_LEN = 64;
    public static final int MAX_READ = 0xFFFF;

    private Codes() {
    }
}
