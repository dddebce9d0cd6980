package io.pqrstuv.cryptnox.card;

/** Where the card's seed came from (first byte of GET CARD INFO). */
public enum SeedSource {
    NO_SEED(0x00, "no seed"),
    SINGLE('K', "single secp256k1 key loaded"),
    EXTENDED('X', "extended secp256k1 key loaded"),
    EXTERNAL('L', "seed loaded from the host"),
    INTERNAL('S', "seed generated on the card"),
    DUAL('D', "seed made by dual-card generation"),
    WRAPPED('R', "wrapped seed loaded");

    private final int code;
    private final String description;

    SeedSource(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public String description() {
        return description;
    }

    static SeedSource of(int code) {
        for (SeedSource s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
