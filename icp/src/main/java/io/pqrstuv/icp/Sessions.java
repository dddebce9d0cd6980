package io.pqrstuv.icp;

/** Session identifier constants. Sessions travel as 4 big-endian bytes; held here as int. */
public final class Sessions {
    /** Reserved: unauthenticated commands run here. */
    public static final int UNAUTHENTICATED = 0x00000000;
    /** Reserved: CHECKSUM_FAIL, CMD_REJECTED and short-payload INVALID_SYNTAX replies. */
    public static final int FRAMING_ERROR = 0xFFFFFFFF;
    /** Command byte of replies that cannot be correlated to a request. */
    public static final int FRAMING_ERROR_COMMAND = 0xFF;
    public static final int LENGTH = 4;

    private Sessions() {
    }

    public static boolean isReserved(int session) {
        return session == UNAUTHENTICATED || session == FRAMING_ERROR;
    }

    public static byte[] toBytes(int session) {
        return new byte[] {(byte) (session >>> 24), (byte) (session >>> 16), (byte) (session >>> 8), (byte) session};
    }

    public static int fromBytes(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    public static String hex(int session) {
        return String.format("%08X", session);
    }
}
