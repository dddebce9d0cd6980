package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.KeyIds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * KEY_LST reply: count(uint32, big-endian) ‖ count × identifier(16), in the order the device gives
 * (unsigned lexicographic, D-20). The count must match the identifiers that follow.
 */
public record KeyListReply(List<byte[]> ids) implements CommandReply {
    public static final int COUNT_LENGTH = 4;

    public KeyListReply {
        ids = List.copyOf(Objects.requireNonNull(ids, "ids"));
        ids.forEach(Layouts::keyId);
    }

    static void check(byte[] data) throws CommandDataException {
        Layouts.atLeast(Command.KEY_LST, "reply data", data, COUNT_LENGTH);
        long count = Integer.toUnsignedLong(Layouts.uint32(data, 0));
        if (data.length != COUNT_LENGTH + count * KeyIds.LENGTH) {
            throw new CommandDataException(Command.KEY_LST, "reply data of " + data.length + " bytes does not hold "
                    + count + " identifiers");
        }
    }

    public static KeyListReply decode(byte[] data) throws CommandDataException {
        check(data);
        List<byte[]> ids = new ArrayList<>((data.length - COUNT_LENGTH) / KeyIds.LENGTH);
        for (int off = COUNT_LENGTH; off < data.length; off += KeyIds.LENGTH) {
            ids.add(Arrays.copyOfRange(data, off, off + KeyIds.LENGTH));
        }
        return new KeyListReply(ids);
    }

    /** The count field: the number of identifiers. */
    public int count() {
        return ids.size();
    }

    @Override
    public byte[] encode() {
        byte[] out = Arrays.copyOf(Layouts.uint32(ids.size()), COUNT_LENGTH + ids.size() * KeyIds.LENGTH);
        int off = COUNT_LENGTH;
        for (byte[] id : ids) {
            System.arraycopy(id, 0, out, off, KeyIds.LENGTH);
            off += KeyIds.LENGTH;
        }
        return out;
    }

    @Override
    public String toString() {
        return "KeyListReply[" + ids.size() + " ids]";
    }
}
