package io.pqrstuv.cryptnox.card;

import io.pqrstuv.cryptnox.derivation.KeyType;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The NFT card's signature check (notes §2.19): a 36-byte message {@code 'C' 'R' ‖ nonce (16) ‖ 17
 * card-defined bytes ‖ 00} and the DER ECDSA signature of its SHA-256 by the card's current
 * secp256k1 key. Whoever knows the NFT's public key checks with {@link #verify}.
 */
public record NftSignatureCheck(byte[] message, byte[] signature) {
    public static final int MESSAGE_BYTES = 36;

    public NftSignatureCheck {
        message = message.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] message() {
        return message.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public byte[] nonce() {
        return Arrays.copyOfRange(message, 2, 18);
    }

    /** Bytes 18–34: undocumented (the emulator puts its signature counter in 18–21). */
    public byte[] cardData() {
        return Arrays.copyOfRange(message, 18, 35);
    }

    /** True when {@code nftKey} (secp256k1) signed this check. */
    public boolean verify(CardPublicKey nftKey) {
        if (nftKey.type() != KeyType.K1) {
            return false;
        }
        try {
            return nftKey.verify(MessageDigest.getInstance("SHA-256").digest(message), signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks the layout and the echo of {@code nonce}; {@link IllegalArgumentException} otherwise. */
    static NftSignatureCheck parse(byte[] d, byte[] nonce) {
        if (d.length < MESSAGE_BYTES + 8) {
            throw new IllegalArgumentException(d.length + " bytes, too short for the message and a signature");
        }
        if (d[0] != 'C' || d[1] != 'R' || d[MESSAGE_BYTES - 1] != 0
                || !Arrays.equals(Arrays.copyOfRange(d, 2, 18), nonce)) {
            throw new IllegalArgumentException("the message is not 'CR' ‖ our nonce ‖ … ‖ 00");
        }
        byte[] sig = Arrays.copyOfRange(d, MESSAGE_BYTES, d.length);
        if (sig[0] != 0x30) {
            throw new IllegalArgumentException("the signature is not DER");
        }
        return new NftSignatureCheck(Arrays.copyOf(d, MESSAGE_BYTES), sig);
    }
}
