package io.pqrstuv.icp;

import java.util.HexFormat;

/**
 * The notes §0.4 test vectors, copied as text from the notes (computed there with zlib), so
 * that no expected byte comes from the code under test.
 */
public final class Vectors {
    public static final String PREAMBLE = "00000000505152535455560000000000";
    public static final String TRAILER = "FFFFFFFF4352595054414E45FFFFFFFF";

    public static final byte[] GET_INFO_REQUEST = frame(
            "00000015 000000000000000000000000000000000000000000 0BB1B30E");
    public static final byte[] INIT_REQUEST = frame(
            "00000015 000000000000000000000000000000000000000002 E5BFD222");
    public static final byte[] PING_REQUEST = frame(
            "0000001C 00000000 00000000000000000000000000000000 01 50515253545556 FBC7AAFB");
    public static final byte[] PING_RESPONSE = frame(
            "0000000D 00000000 01 00 50515253545556 3873401B");
    public static final byte[] CHECKSUM_FAIL_RESPONSE = frame(
            "00000006 FFFFFFFF FF 04 5A2E3A7B");
    public static final byte[] CMD_REJECTED_RESPONSE = frame(
            "00000006 FFFFFFFF FF 05 2D290AED");
    public static final byte[] KEYGEN_ML_DSA_44_REQUEST = frame(
            "00000018 FACEFADE 000102030405060708090A0B0C0D0E0F 30 FFFFD0 45F51407");
    public static final byte[] SESSION_UNAVAILABLE_RESPONSE = frame(
            "00000006 FACEFADE 30 07 4D987C20");

    public static final byte[] TOKEN_000102 = hex("000102030405060708090A0B0C0D0E0F");

    private Vectors() {
    }

    public static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    private static byte[] frame(String middle) {
        return hex(PREAMBLE + middle + TRAILER);
    }

    /** The payload bytes of a well-formed vector: after preamble and length, before CRC and trailer. */
    public static byte[] payloadOf(byte[] frame) {
        return java.util.Arrays.copyOfRange(frame, 20, frame.length - 20);
    }
}
