package io.pqrstuv.cryptnox.error;

/** {@code 6983}: authentication method blocked, or a path outside the allowed prefix (SET PINLESS PATH). */
public final class AuthenticationMethodBlockedException extends CardStatusException {
    public AuthenticationMethodBlockedException(int statusWord, String message) {
        super(statusWord, message);
    }
}
