package io.pqrstuv.cryptnox.card;

/** SIGN P2: the signature the card makes. */
public enum SignatureType {
    /** ECDSA, DER, s normalised to the low half. */
    ECDSA(0x00),
    /** ECDSA retried until the signature passes EOSIO's canonical filter. */
    ECDSA_EOSIO(0x01),
    /** BIP340 Schnorr (secp256k1 only), 64 raw bytes. */
    SCHNORR_BIP340(0x02);

    private final int p2;

    SignatureType(int p2) {
        this.p2 = p2;
    }

    public int p2() {
        return p2;
    }
}
