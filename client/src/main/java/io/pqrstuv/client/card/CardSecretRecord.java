package io.pqrstuv.client.card;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The PQRSTUV device secret as kept in a Cryptnox card's user data: two 64-byte slots, one of them
 * current. Setting a new secret writes it to the other slot as <em>pending</em> before the device is
 * asked; when the device confirms, the pending slot becomes current and the old secret stays in the
 * other slot as <em>previous</em> until the next change. A refusal leaves the current secret as it
 * was. Layout (138 bytes): {@code "PQRSTUV1" ‖ current (0, 1 or FF = none) ‖ role of the other slot
 * (0 empty, 1 pending, 2 previous) ‖ slot 0 (64) ‖ slot 1 (64)}.
 *
 * <p>Instances hold secrets: {@link #wipe()} them. {@code toString} shows the state only.
 */
public final class CardSecretRecord {
    public static final int SECRET_BYTES = 64;
    static final byte[] MAGIC = "PQRSTUV1".getBytes(StandardCharsets.US_ASCII);
    static final int LENGTH = MAGIC.length + 2 + 2 * SECRET_BYTES;
    private static final int NONE = 0xFF;

    /** What the non-current slot holds. */
    public enum OtherSlot { EMPTY, PENDING, PREVIOUS }

    private final int current;
    private final OtherSlot other;
    private final byte[][] slots;

    private CardSecretRecord(int current, OtherSlot other, byte[] slot0, byte[] slot1) {
        this.current = current;
        this.other = other;
        this.slots = new byte[][] {slot0, slot1};
    }

    /** A card that holds no PQRSTUV secret yet. */
    public static CardSecretRecord empty() {
        return new CardSecretRecord(NONE, OtherSlot.EMPTY, new byte[SECRET_BYTES], new byte[SECRET_BYTES]);
    }

    /** True when {@code userData} starts with this record's magic (the card holds a PQRSTUV secret record). */
    public static boolean isRecord(byte[] userData) {
        return userData.length >= MAGIC.length && Arrays.equals(Arrays.copyOf(userData, MAGIC.length), MAGIC);
    }

    /** Parses the card's user data; throws when it is not a well-formed record. */
    public static CardSecretRecord parse(byte[] userData) {
        if (!isRecord(userData) || userData.length != LENGTH) {
            throw new IllegalArgumentException("the card's user data is not a PQRSTUV secret record");
        }
        int cur = userData[8] & 0xFF;
        int role = userData[9] & 0xFF;
        if ((cur != 0 && cur != 1 && cur != NONE) || role > 2 || (cur == NONE && role == 2)) {
            throw new IllegalArgumentException("the card's PQRSTUV secret record is corrupted");
        }
        return new CardSecretRecord(cur, OtherSlot.values()[role], Arrays.copyOfRange(userData, 10, 10 + SECRET_BYTES),
                Arrays.copyOfRange(userData, 10 + SECRET_BYTES, LENGTH));
    }

    public byte[] encode() {
        byte[] out = new byte[LENGTH];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[8] = (byte) current;
        out[9] = (byte) other.ordinal();
        System.arraycopy(slots[0], 0, out, 10, SECRET_BYTES);
        System.arraycopy(slots[1], 0, out, 10 + SECRET_BYTES, SECRET_BYTES);
        return out;
    }

    public boolean hasCurrent() {
        return current != NONE;
    }

    public OtherSlot otherSlot() {
        return other;
    }

    /** A copy of the current secret; the caller wipes it. */
    public byte[] currentSecret() {
        if (!hasCurrent()) {
            throw new IllegalStateException("the card holds no PQRSTUV secret yet");
        }
        return slots[current].clone();
    }

    /** A copy of the pending secret (written, not yet confirmed by the device). */
    public byte[] pendingSecret() {
        if (other != OtherSlot.PENDING) {
            throw new IllegalStateException("no pending secret");
        }
        return slots[otherIndex()].clone();
    }

    /** This record with {@code next} (64 bytes, copied) pending in the non-current slot. */
    public CardSecretRecord withPending(byte[] next) {
        if (next.length != SECRET_BYTES) {
            throw new IllegalArgumentException("a card-held secret has " + SECRET_BYTES + " bytes");
        }
        int target = otherIndex();
        byte[][] s = {slots[0].clone(), slots[1].clone()};
        Arrays.fill(s[target], (byte) 0);
        System.arraycopy(next, 0, s[target], 0, SECRET_BYTES);
        // with no current secret, slot 0 receives the pending one
        return new CardSecretRecord(current, OtherSlot.PENDING, s[0], s[1]);
    }

    /** The device took the pending secret: it becomes current, the old current becomes previous. */
    public CardSecretRecord confirmPending() {
        if (other != OtherSlot.PENDING) {
            throw new IllegalStateException("no pending secret to confirm");
        }
        int target = otherIndex();
        OtherSlot role = current == NONE ? OtherSlot.EMPTY : OtherSlot.PREVIOUS;
        return new CardSecretRecord(target, role, slots[0].clone(), slots[1].clone());
    }

    /** The slot a new secret goes to: the non-current one (slot 0 when none is current). */
    private int otherIndex() {
        return current == NONE ? 0 : 1 - current;
    }

    public void wipe() {
        Arrays.fill(slots[0], (byte) 0);
        Arrays.fill(slots[1], (byte) 0);
    }

    @Override
    public String toString() {
        return "CardSecretRecord[current " + (current == NONE ? "none" : "slot " + current) + ", other " + other + "]";
    }
}
