package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;

/**
 * The operation data of one ICP command, typed: one record per command, each with its layout
 * written once ({@code encode()}, a static {@code decode(opData)}) and the type of its SUCCESS
 * reply ({@link #decodeReply}). Used by the operation module to build requests and read replies,
 * and by the storage module to read requests.
 *
 * <p>{@code decode} enforces the layout only: the D-6 length rule of the command (INVALID_SYNTAX
 * on the wire). Checks the spec orders after a key lookup (a SIGN digest of 32 bytes, a DECAPS
 * ciphertext of the key's length) stay with the storage module's handlers, in the spec's order.
 *
 * @param <R> the reply this command produces on SUCCESS
 */
public sealed interface CommandRequest<R extends CommandReply>
        permits GetInfoRequest, PingRequest, InitRequest, SecSetInitRequest, SecSetConfRequest, DevRstRequest,
                CryptoRstRequest, KeygenRequest, KeyListRequest, KeyDeleteRequest, ImportRequest, GetPubRequest,
                DecapsRequest, SignRequest {

    Command command();

    /** The operation data, in a fresh array the caller may wipe. */
    byte[] encode();

    /** Reads this command's SUCCESS reply data (the D-49 length rules). Copies what it keeps. */
    R decodeReply(byte[] data) throws CommandDataException;
}
