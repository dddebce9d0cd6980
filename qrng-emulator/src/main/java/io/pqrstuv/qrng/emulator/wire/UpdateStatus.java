package io.pqrstuv.qrng.emulator.wire;

/** The {@code sts} byte of an UPDATE reply (notes §1.3). */
public enum UpdateStatus {
    READY, TRANSFER_IN_PROGRESS, TRANSFER_COMPLETED, ERR_NOT_INITIALIZED, ERR_MEMORY, ERR_VERIFICATION, ERR_INVALID;

    public int code() {
        return ordinal();
    }

    /** {@code 43 sts remaining(u32)}: the whole UPDATE reply. */
    public byte[] reply(long remaining) {
        byte[] b = new byte[6];
        b[0] = (byte) Codes.UPDATE;
        b[1] = (byte) code();
        Le.u32(b, 2, remaining);
        return b;
    }
}
