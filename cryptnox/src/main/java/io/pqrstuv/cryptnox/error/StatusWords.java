package io.pqrstuv.cryptnox.error;

/**
 * Status words of the Cryptnox applet and their exceptions (notes §1.4, applet docs
 * {@code status_codes.rst}). One table for clear and secure replies, so the same card answer always
 * becomes the same exception.
 */
public final class StatusWords {
    public static final int OK = 0x9000;
    public static final int WRONG_LENGTH = 0x6700;
    public static final int SECURITY_STATUS = 0x6982;
    public static final int AUTH_METHOD_BLOCKED = 0x6983;
    public static final int INVALID_DATA = 0x6984;
    public static final int CONDITIONS_NOT_SATISFIED = 0x6985;
    public static final int COMMAND_NOT_ALLOWED = 0x6986;
    public static final int WRONG_DATA = 0x6A80;
    public static final int APPLET_NOT_FOUND = 0x6A82;
    public static final int INCORRECT_P1P2 = 0x6A86;
    public static final int REFERENCED_DATA_NOT_FOUND = 0x6A88;
    public static final int WRONG_P1P2 = 0x6B00;
    public static final int INS_NOT_SUPPORTED = 0x6D00;

    /** What a {@code 63Cx} counts in the command that got it. */
    public enum Counter { PIN, PUK }

    private StatusWords() {
    }

    /**
     * The exception for a non-{@code 9000} status word of {@code operation} (a short name used in
     * the message, e.g. "VERIFY PIN"). {@code counter} says whether {@code 63Cx} counts PIN or PUK
     * tries in this command.
     */
    public static CardStatusException toException(int sw, String operation, Counter counter) {
        if (sw == OK) {
            throw new IllegalArgumentException("9000 is not an error");
        }
        String op = operation + ": ";
        if ((sw & 0xFFF0) == 0x63C0) {
            int left = sw & 0x0F;
            if (counter == Counter.PUK) {
                return new PukException(sw, left, op + "wrong PUK, " + tries(left) + " left");
            }
            return new PinException(sw, left, op + "wrong PIN, " + tries(left) + " left"
                    + (left == 0 ? " (power-cycle the card, or unblock it with the PUK if it is blocked)" : ""));
        }
        if ((sw & 0xFFF0) == 0x9840) {
            int left = sw & 0x0F;
            return new PukException(sw, left, op + "wrong PUK, " + tries(left) + " left");
        }
        return switch (sw) {
            case SECURITY_STATUS -> new SecureChannelException(sw, op
                    + "the card rejected the secure channel message (wrong pairing secret, or a corrupted or replayed command)");
            case WRONG_DATA -> new DataValidationException(sw, op + "the card rejected the data");
            case WRONG_LENGTH -> new DataValidationException(sw, op + "wrong data length");
            case APPLET_NOT_FOUND -> new AppletNotFoundException(sw, op + "no Cryptnox applet on this card");
            case CONDITIONS_NOT_SATISFIED -> new ConditionsNotSatisfiedException(sw, op
                    + "conditions not satisfied (PIN not verified, card not initialised, or no seed)");
            case AUTH_METHOD_BLOCKED -> new AuthenticationMethodBlockedException(sw, op
                    + "authentication method blocked or refused");
            case INVALID_DATA -> new InvalidDataException(sw, op + "invalid data (decryption or format failed on the card)");
            case COMMAND_NOT_ALLOWED -> new CommandNotAllowedException(sw, op + "command not allowed in the card's state");
            case INCORRECT_P1P2 -> new IncorrectParametersException(sw, op + "incorrect parameters P1/P2");
            case REFERENCED_DATA_NOT_FOUND -> new ReferencedDataNotFoundException(sw, op + "referenced data not found");
            case WRONG_P1P2 -> new IncorrectParametersException(sw, op + "wrong parameters P1/P2");
            case INS_NOT_SUPPORTED -> new InstructionNotSupportedException(sw, op + "instruction not supported");
            default -> new CardStatusException(sw, op + "the card refused");
        };
    }

    private static String tries(int n) {
        return n == 1 ? "1 try" : n + " tries";
    }
}
