package io.pqrstuv.cryptnox.emulator;

/** The two current Cryptnox card types; they share the AID and differ in the SELECT type byte. */
public enum CardType {
    /** Basic G1 hardware wallet: SELECT byte 0 = 'B'. */
    BASIC_G1('B', "basic"),
    /** NFT card: SELECT byte 0 = 'N', a reduced command set (notes §2.19). */
    NFT('N', "nft");

    private final byte selectByte;
    private final String id;

    CardType(char selectByte, String id) {
        this.selectByte = (byte) selectByte;
        this.id = id;
    }

    /** Byte 0 of the SELECT response. */
    public byte selectByte() {
        return selectByte;
    }

    /** The name used on the command line and in the state file: {@code basic} or {@code nft}. */
    public String id() {
        return id;
    }

    public static CardType fromId(String id) {
        for (CardType t : values()) {
            if (t.id.equalsIgnoreCase(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown card type '" + id + "' (basic or nft)");
    }

    @Override
    public String toString() {
        return this == BASIC_G1 ? "Basic G1" : "NFT";
    }
}
