package io.pqrstuv.cryptnox.error;

import java.util.HexFormat;

/**
 * The card answered with a status word other than {@code 9000} (in clear, or inside the secure
 * channel). Subclasses name the documented meanings (notes §1.4); this class itself carries every
 * other status word (e.g. {@code 6F00}, {@code 6E00}).
 */
public sealed class CardStatusException extends CryptnoxException
        permits PinException, PukException, SecureChannelException, DataValidationException,
                AppletNotFoundException, ConditionsNotSatisfiedException, InstructionNotSupportedException,
                CommandNotAllowedException, IncorrectParametersException, ReferencedDataNotFoundException,
                InvalidDataException, AuthenticationMethodBlockedException {
    private final int statusWord;

    public CardStatusException(int statusWord, String message) {
        super(message + " (SW " + hex(statusWord) + ")");
        this.statusWord = statusWord;
    }

    /** The status word as an unsigned 16-bit value, e.g. {@code 0x6A80}. */
    public int statusWord() {
        return statusWord;
    }

    public static String hex(int sw) {
        return HexFormat.of().withUpperCase().toHexDigits((short) sw);
    }
}
