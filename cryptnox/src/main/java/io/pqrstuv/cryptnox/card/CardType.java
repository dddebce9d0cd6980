package io.pqrstuv.cryptnox.card;

/** The Cryptnox applets this library drives, told apart by the first byte of the SELECT reply. */
public enum CardType {
    BASIC_G1('B', "Basic G1"),
    NFT('N', "NFT");

    private final char selectByte;
    private final String displayName;

    CardType(char selectByte, String displayName) {
        this.selectByte = selectByte;
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    static CardType fromSelectByte(int b) {
        for (CardType t : values()) {
            if (t.selectByte == b) {
                return t;
            }
        }
        return null;
    }
}
