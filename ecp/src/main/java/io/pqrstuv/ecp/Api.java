package io.pqrstuv.ecp;

import io.pqrstuv.icp.Command;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The 16 ECP APIs: path, HTTP method, whether authenticated, and the ICP command behind each. */
public enum Api {
    INFO("/info", "GET", false, Command.GET_INFO),
    PING("/ping", "POST", false, Command.PING),
    INIT("/init", "POST", false, Command.INIT),
    SET_SECRET("/set_secret", "POST", true, Command.SEC_SET_INIT),
    CONFIRM_SECRET("/confirm_secret", "POST", true, Command.SEC_SET_CONF),
    DEVICE_RESET("/device_reset", "POST", true, Command.DEV_RST),
    CRYPTO_RESET("/crypto_reset", "POST", true, Command.CRYPTO_RST),
    KEYGEN("/keygen", "POST", true, Command.KEYGEN),
    LIST_KEYS("/list_keys", "POST", true, Command.KEY_LST),
    KEY_DELETE("/key_delete", "POST", true, Command.KEY_DEL),
    IMPORT("/import", "POST", true, Command.IMPORT),
    GET_PUBLIC_KEY("/get_public_key", "POST", true, Command.GET_PUB),
    DECAPSULATE("/decapsulate", "POST", true, Command.DECAPS),
    SIGN("/sign", "POST", true, Command.SIGN),
    RENEW_TLS("/renew_tls", "POST", true, Command.SIGN),
    SET_SYSLOG("/set_syslog", "POST", true, Command.GET_PUB);

    /** The header carrying b64u(session id, 4 bytes). */
    public static final String SESSION_HEADER = "Session";
    /** The header carrying b64u(token, 16 bytes), no scheme prefix. */
    public static final String AUTHORIZATION_HEADER = "Authorization";
    /** b64u of 4 zero bytes: the unauthenticated session. */
    public static final String UNAUTHENTICATED_SESSION = "AAAAAA";
    /** b64u of 16 zero bytes: the unauthenticated token. */
    public static final String UNAUTHENTICATED_TOKEN = "AAAAAAAAAAAAAAAAAAAAAA";

    private static final Map<String, Api> BY_PATH =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Api::path, Function.identity()));

    private final String path;
    private final String method;
    private final boolean authenticated;
    private final Command command;

    Api(String path, String method, boolean authenticated, Command command) {
        this.path = path;
        this.method = method;
        this.authenticated = authenticated;
        this.command = command;
    }

    public String path() {
        return path;
    }

    public String method() {
        return method;
    }

    public boolean authenticated() {
        return authenticated;
    }

    /** The ICP command this API sends (SIGN for /renew_tls, GET_PUB for /set_syslog). */
    public Command command() {
        return command;
    }

    /** The fixed log name (D-34), e.g. {@code keygen}. */
    public String logName() {
        return path.substring(1);
    }

    public static Optional<Api> byPath(String path) {
        return Optional.ofNullable(BY_PATH.get(path));
    }
}
