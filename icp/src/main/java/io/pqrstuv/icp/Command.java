package io.pqrstuv.icp;

import io.pqrstuv.icp.alg.AlgId;
import java.util.Optional;

/**
 * The 14 ICP commands, whether each needs an authenticated session, and the operation-data
 * length rule that D-6 turns into INVALID_SYNTAX.
 */
public enum Command {
    GET_INFO(0x00, false, OpData.EMPTY),
    PING(0x01, false, OpData.ANY),
    INIT(0x02, false, OpData.EMPTY),
    SEC_SET_INIT(0x10, true, OpData.ALG_ID),
    SEC_SET_CONF(0x11, true, OpData.ANY),
    DEV_RST(0x20, true, OpData.EMPTY),
    CRYPTO_RST(0x21, true, OpData.EMPTY),
    KEYGEN(0x30, true, OpData.ALG_ID),
    KEY_LST(0x31, true, OpData.ALG_ID),
    KEY_DEL(0x32, true, OpData.KEY_ID),
    IMPORT(0x33, true, OpData.ANY),
    GET_PUB(0x34, true, OpData.KEY_ID),
    DECAPS(0x40, true, OpData.KEY_ID_AND_MORE),
    SIGN(0x41, true, OpData.KEY_ID_AND_MORE);

    /** Length rule for a command's operation data. */
    public enum OpData {
        EMPTY, ANY, ALG_ID, KEY_ID, KEY_ID_AND_MORE;

        /** Whether {@code length} bytes of operation data are syntactically acceptable. */
        public boolean accepts(int length) {
            return switch (this) {
                case EMPTY -> length == 0;
                case ANY -> true;
                case ALG_ID -> length == AlgId.LENGTH;
                case KEY_ID -> length == KeyIds.LENGTH;
                case KEY_ID_AND_MORE -> length >= KeyIds.LENGTH;
            };
        }
    }

    private static final Command[] BY_CODE = new Command[256];

    static {
        for (Command c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;
    private final boolean authenticated;
    private final OpData opData;

    Command(int code, boolean authenticated, OpData opData) {
        this.code = code;
        this.authenticated = authenticated;
        this.opData = opData;
    }

    public int code() {
        return code;
    }

    public byte toByte() {
        return (byte) code;
    }

    public boolean authenticated() {
        return authenticated;
    }

    public OpData opData() {
        return opData;
    }

    public static Optional<Command> fromCode(int b) {
        return Optional.ofNullable(BY_CODE[b & 0xFF]);
    }
}
