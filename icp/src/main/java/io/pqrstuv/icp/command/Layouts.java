package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.KeyIds;
import io.pqrstuv.icp.alg.AlgId;
import java.util.Arrays;

/** Length checks and slicing shared by the codecs; every failure names the command. */
final class Layouts {
    static final byte[] NONE = new byte[0];

    private Layouts() {
    }

    static void exactly(Command command, String what, byte[] data, int length) throws CommandDataException {
        if (data.length != length) {
            throw new CommandDataException(command, what + " of " + data.length + " bytes; the layout says " + length);
        }
    }

    static void atLeast(Command command, String what, byte[] data, int length) throws CommandDataException {
        if (data.length < length) {
            throw new CommandDataException(command, what + " of " + data.length + " bytes is shorter than " + length);
        }
    }

    static void nonEmpty(Command command, String what, byte[] data) throws CommandDataException {
        if (data.length == 0) {
            throw new CommandDataException(command, what + " is empty");
        }
    }

    /** The D-6 op-data length rule of {@code command}: what the storage module answers with INVALID_SYNTAX. */
    static void opDataRule(Command command, byte[] opData) throws CommandDataException {
        if (!command.opData().accepts(opData.length)) {
            throw new CommandDataException(command, "operation data of " + opData.length + " bytes breaks the "
                    + command.opData() + " rule");
        }
    }

    static byte[] keyId(byte[] id) {
        if (id == null || id.length != KeyIds.LENGTH) {
            throw new IllegalArgumentException("a key identifier is " + KeyIds.LENGTH + " bytes");
        }
        return id;
    }

    static int algorithm(int coseId) {
        if (!AlgId.inRange(coseId)) {
            throw new IllegalArgumentException("COSE id " + coseId + " does not fit in " + AlgId.LENGTH + " bytes");
        }
        return coseId;
    }

    /** A big-endian 32-bit field (KEY_LST's count). */
    static int uint32(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    static byte[] uint32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
