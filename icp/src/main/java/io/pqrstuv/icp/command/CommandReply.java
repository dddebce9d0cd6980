package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;

/**
 * The data of a SUCCESS reply, typed. Error replies carry no data (spec "Payload"), so only
 * SUCCESS data has a layout. {@link #check} is the D-49 length rule the operation module applies
 * to every reply before anyone reads it.
 */
public sealed interface CommandReply
        permits InfoReply, PingReply, InitReply, PublicKeyReply, NoDataReply, KeyIdReply, KeyListReply, DecapsReply,
                SignatureReply {

    /** The reply data, in a fresh array the caller may wipe. */
    byte[] encode();

    /**
     * Checks that {@code data} follows {@code command}'s SUCCESS reply layout, without copying it.
     * PING's echo must also equal the request's data; that comparison needs the request and is the
     * caller's.
     */
    static void check(Command command, byte[] data) throws CommandDataException {
        switch (command) {
            case GET_INFO -> InfoReply.check(data);
            case PING -> PingReply.check(data);
            case INIT -> InitReply.check(data);
            case SEC_SET_INIT, GET_PUB -> PublicKeyReply.check(command, data);
            case SEC_SET_CONF, DEV_RST, CRYPTO_RST, KEY_DEL -> NoDataReply.check(command, data);
            case KEYGEN, IMPORT -> KeyIdReply.check(command, data);
            case KEY_LST -> KeyListReply.check(data);
            case DECAPS -> DecapsReply.check(data);
            case SIGN -> SignatureReply.check(data);
        }
    }
}
