package io.pqrstuv.qrng.wire;

/**
 * The command and response bytes of the QRNG Cmd&amp;Ctrl protocol (notes §1.2). Command and
 * response spaces overlap on purpose in the vendor's header: {@code 0xF8} is both REBOOT and
 * CUSTOM_OK, {@code 0xF9} both GET_DEV_CERTIFICATE and DEV_PUB_KEY.
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
    /** QCicada custom. */
    public static final int GET_DEV_PUB_KEY = 0xF7;
    /** QCicada custom; payload is the magic {@code A1 25}. */
    public static final int REBOOT = 0xF8;
    /** QCicada custom. */
    public static final int GET_DEV_CERTIFICATE = 0xF9;
    /**
     * Proposed (notes §1.10 [P]): certificate programming is unpublished; the code is configurable
     * wherever it is used.
     */
    public static final int SET_DEV_CERTIFICATE_PROPOSED = 0xFA;

    // Device -> host
    public static final int ACK = 0x11;
    public static final int NACK = 0x12;
    public static final int CONFIG = 0x17;
    public static final int STATISTICS = 0x19;
    public static final int INFO = 0x1B;
    public static final int HASH_TEST_ACK = 0x21;
    public static final int HASH_TEST_DIGEST_RESPONSE = 0x24;
    public static final int UPDATE = 0x43;
    public static final int SIGNED_READ_RESPONSE = 0x52;
    public static final int CUSTOM_OK = 0xF8;
    public static final int DEV_PUB_KEY = 0xF9;
    public static final int DEV_CERTIFICATE = 0xFB;

    /** The magic that follows the QCicada's destructive custom commands (REBOOT, certificate programming). */
    public static final byte[] CUSTOM_MAGIC = {(byte) 0xA1, 0x25};

    // Sizes (notes §1.3)
    public static final int STATUS_LENGTH = 5;
    public static final int CONFIG_LENGTH = 12;
    public static final int STATISTICS_LENGTH = 30;
    public static final int INFO_LENGTH = 56;
    public static final int INFO_STRING_LENGTH = 24;
    public static final int UPDATE_RESPONSE_LENGTH = 5;
    public static final int DIGEST_LENGTH = 32;
    public static final int MAX_CHUNK = 1024;
    public static final int MAX_CUSTOM_PAYLOAD = 1024;
    public static final int MAX_ONE_SHOT = 65_535;
    public static final int PUBLIC_KEY_LENGTH = 64;
    public static final int SIGNATURE_LENGTH = 64;

    private Codes() {
    }

    /** True for the device-specific custom command space ({@code 0xF0..0xFF}). */
    public static boolean isCustom(int code) {
        return (code & 0xF0) == 0xF0;
    }

    /** A human name of a host command byte, or {@code 0xNN} when it is not a known command. */
    public static String commandName(int code) {
        return switch (code) {
            case GET_STATUS -> "GET_STATUS";
            case START -> "START";
            case STOP -> "STOP";
            case GET_CONFIG -> "GET_CONFIG";
            case SET_CONFIG -> "SET_CONFIG";
            case GET_STATISTICS -> "GET_STATISTICS";
            case RESET -> "RESET";
            case GET_INFO -> "GET_INFO";
            case HASH_TEST_INIT -> "HASH_TEST_INIT";
            case HASH_TEST_ACCUMULATE -> "HASH_TEST_ACCUMULATE";
            case HASH_TEST_DIGEST -> "HASH_TEST_DIGEST";
            case UPDATE_INIT -> "UPDATE_INIT";
            case UPDATE_CHUNK -> "UPDATE_CHUNK";
            case SIGNED_READ -> "SIGNED_READ";
            case GET_DEV_PUB_KEY -> "GET_DEV_PUB_KEY";
            case REBOOT -> "REBOOT";
            case GET_DEV_CERTIFICATE -> "GET_DEV_CERTIFICATE";
            default -> String.format("command 0x%02X", code & 0xFF);
        };
    }

    /** A human name of a device response byte. */
    public static String responseName(int code) {
        return switch (code) {
            case ACK -> "ACK";
            case NACK -> "NACK";
            case CONFIG -> "CONFIG";
            case STATISTICS -> "STATISTICS";
            case INFO -> "INFO";
            case HASH_TEST_ACK -> "HASH_TEST_ACK";
            case HASH_TEST_DIGEST_RESPONSE -> "HASH_TEST_DIGEST";
            case UPDATE -> "UPDATE";
            case SIGNED_READ_RESPONSE -> "SIGNED_READ";
            case CUSTOM_OK -> "CUSTOM_OK";
            case DEV_PUB_KEY -> "DEV_PUB_KEY";
            case DEV_CERTIFICATE -> "DEV_CERTIFICATE";
            default -> String.format("0x%02X", code & 0xFF);
        };
    }
}
