package io.pqrstuv.cryptnox.card;

/**
 * The user-key slots of a Basic card (firmware 1.6): a key the owner keeps elsewhere (a TPM, a
 * laptop, a FIDO authenticator) that can stand in for the PIN by signing the card's challenge, or
 * authorise signatures hash by hash. The slot number is the card's; the flag bit in SELECT is
 * {@code 1 << (slot - 1)}.
 */
public enum UserKeySlot {
    /** ECDSA P-256 over SHA-256 of the challenge or hash (DER signature). */
    EC_P256(1, 65, "SHA256withECDSA"),
    /** RSA-2048, e = 65537, PKCS#1 v1.5 with SHA-256. */
    RSA_2048(2, 256, "SHA256withRSA"),
    /** A FIDO2/WebAuthn credential (P-256) for rp_id {@code cryptnox.ch}: the card checks assertions. */
    FIDO(3, 65, null);

    private final int number;
    private final int keyLength;
    private final String jcaSignature;

    UserKeySlot(int number, int keyLength, String jcaSignature) {
        this.number = number;
        this.keyLength = keyLength;
        this.jcaSignature = jcaSignature;
    }

    /** 1, 2 or 3 as the card numbers them. */
    public int number() {
        return number;
    }

    /** Bytes of the key as the card stores it: a 65-byte point, or the 256-byte RSA modulus. */
    public int keyLength() {
        return keyLength;
    }

    /**
     * The JCA signature algorithm that makes what the card checks from the raw challenge or hash
     * (it hashes with SHA-256 itself); null for FIDO, whose signatures are WebAuthn assertions.
     */
    public String jcaSignatureAlgorithm() {
        return jcaSignature;
    }

    public static UserKeySlot of(int number) {
        for (UserKeySlot s : values()) {
            if (s.number == number) {
                return s;
            }
        }
        throw new IllegalArgumentException("user key slots are 1 (EC P-256), 2 (RSA-2048) and 3 (FIDO), not " + number);
    }

    /** "ec", "rsa", "fido" (or the slot number) as the CLI spells them. */
    public static UserKeySlot parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "1", "ec", "ec-p256", "p256", "p-256" -> EC_P256;
            case "2", "rsa", "rsa-2048", "rsa2048" -> RSA_2048;
            case "3", "fido", "fido2", "webauthn" -> FIDO;
            default -> throw new IllegalArgumentException("unknown user key slot '" + s + "': use ec (1), rsa (2) or fido (3)");
        };
    }

    public String displayName() {
        return switch (this) {
            case EC_P256 -> "EC P-256";
            case RSA_2048 -> "RSA-2048";
            case FIDO -> "FIDO";
        };
    }
}
