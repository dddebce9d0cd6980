package io.pqrstuv.cli.console;

/** Exit codes of the client commands (documented in docs/client.md and every --help). */
public final class ExitCodes {
    public static final int OK = 0;
    /** verify: the signature does not verify. */
    public static final int INVALID_SIGNATURE = 1;
    /** Bad command line or input: unknown algorithm, malformed key id, unreadable file. */
    public static final int USAGE = 2;
    /** The device cannot be reached, or its certificate is not the trusted one. */
    public static final int UNREACHABLE = 3;
    /** The device refused the command (ICP response code, e.g. CMD_FAIL for an unknown key). */
    public static final int DEVICE_REFUSED = 4;
    /** Wrong secret, or locked out after too many wrong secrets. */
    public static final int AUTHENTICATION = 5;
    /** HTTP error status or malformed reply from the device. */
    public static final int PROTOCOL = 6;
    /** The user declined a confirmation. */
    public static final int ABORTED = 7;
    /** A bug: an unexpected internal error. */
    public static final int INTERNAL = 70;

    public static final String HELP_FOOTER = "%nExit codes: 0 ok, 1 signature invalid, 2 usage or input error, "
            + "3 device unreachable or certificate not trusted, 4 device refused (ICP code), "
            + "5 wrong secret or rate limited, 6 HTTP or protocol error, 7 aborted, 70 internal error.";

    private ExitCodes() {
    }
}
