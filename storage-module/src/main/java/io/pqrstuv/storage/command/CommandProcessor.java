package io.pqrstuv.storage.command;

import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.CommandDataException;
import io.pqrstuv.icp.command.InfoReply;
import io.pqrstuv.icp.command.InitReply;
import io.pqrstuv.icp.command.PingReply;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.icp.payload.ShortPayloadException;
import io.pqrstuv.storage.auth.RateLimiter;
import io.pqrstuv.storage.auth.TokenVerifier;
import io.pqrstuv.storage.entropy.EntropySource;
import io.pqrstuv.storage.entropy.EntropyUnavailableException;
import io.pqrstuv.storage.info.InfoMap;
import io.pqrstuv.storage.persist.KeyRefusedException;
import io.pqrstuv.storage.persist.RecordTamperedException;
import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.secret.PendingKeyPair;
import io.pqrstuv.storage.session.SessionTable;
import io.pqrstuv.storage.store.SecureStorage;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The storage module's request logic, free of any transport: a request payload in, a response
 * payload out. Applies the precedence of D-10 (steps 3–13; steps 1–2 are the frame receiver's):
 * short payload → unknown command → unauthenticated commands → RATE_LIMITED → reserved session →
 * session state → token → command checks → UNKNOWN_ERR for anything unexpected.
 *
 * <p>Single-threaded: the server calls it for one frame at a time, in arrival order.
 */
public final class CommandProcessor implements AutoCloseable {
    /**
     * The authenticated commands that draw randomness and change state, admitted by the entropy source
     * before they run (true: they generate keys, so the source reseeds first). INIT is admitted too.
     * SIGN is not here: it changes no state, and its randomness (ECDSA, ML-DSA, SLH-DSA, PSS) is drawn
     * from the same gated source, which refuses it while failed; Ed25519 and RS256 draw none (P-80).
     */
    private static final Map<Command, Boolean> DRAWS_RANDOMNESS = Map.of(Command.KEYGEN, true, Command.SEC_SET_INIT, true,
            Command.DEV_RST, true, Command.CRYPTO_RST, true, Command.SEC_SET_CONF, false, Command.IMPORT, false);

    private final SecureStorage storage;
    private final EntropySource entropy;
    private final InfoMap info;
    private final SessionTable sessions;
    private final RateLimiter rateLimiter;
    private final TokenVerifier tokens;
    private final PendingKeyPair pendingKeyPair;
    private final Map<Command, CommandHandler> handlers = new EnumMap<>(Command.class);

    public CommandProcessor(DeviceCrypto crypto, SecureStorage storage, EntropySource entropy, InstantSource clock,
            InfoMap info) {
        this(crypto, storage, entropy, clock, info, Algorithm.PROFILE);
    }

    public CommandProcessor(DeviceCrypto crypto, SecureStorage storage, EntropySource entropy, InstantSource clock,
            InfoMap info, List<Algorithm> profile) {
        Objects.requireNonNull(crypto);
        this.storage = Objects.requireNonNull(storage);
        this.info = Objects.requireNonNull(info);
        this.entropy = Objects.requireNonNull(entropy);
        this.sessions = new SessionTable(entropy, clock);
        this.rateLimiter = new RateLimiter(clock);
        this.tokens = new TokenVerifier(storage, entropy);
        this.pendingKeyPair = new PendingKeyPair(clock);
        List<Algorithm> algs = List.copyOf(profile);
        SecretCommands secret = new SecretCommands(crypto, storage, entropy, pendingKeyPair, algs);
        KeyCommands keys = new KeyCommands(crypto, storage, entropy, algs);
        CryptoCommands ops = new CryptoCommands(crypto, storage, entropy);
        handlers.put(Command.SEC_SET_INIT, secret::init);
        handlers.put(Command.SEC_SET_CONF, secret::confirm);
        handlers.put(Command.DEV_RST, op -> {
            pendingKeyPair.clear(); // a secret change in flight does not survive a device reset
            storage.deviceReset();
            return Outcome.success();
        });
        handlers.put(Command.CRYPTO_RST, op -> {
            storage.cryptoReset();
            return Outcome.success();
        });
        handlers.put(Command.KEYGEN, keys::keygen);
        handlers.put(Command.KEY_LST, keys::list);
        handlers.put(Command.KEY_DEL, keys::delete);
        handlers.put(Command.IMPORT, keys::importKey);
        handlers.put(Command.GET_PUB, keys::publicKey);
        handlers.put(Command.DECAPS, ops::decapsulate);
        handlers.put(Command.SIGN, ops::sign);
    }

    /** The FFFFFFFF/FF reply a framing event calls for (CMD_REJECTED or CHECKSUM_FAIL). */
    public static ResponsePayload framingReply(ReceiverEvent event) {
        return ResponsePayload.framingError(event.errorReply());
    }

    /**
     * Handles one request payload (the frame's CRC already checked). Zeroizes {@code payload}.
     * Never throws: every outcome is a response. The caller zeroizes the response data after use.
     */
    public ResponsePayload process(byte[] payload) {
        RequestPayload request;
        try {
            request = RequestPayload.decode(payload);
        } catch (ShortPayloadException e) {
            return ResponsePayload.framingError(ResponseCode.INVALID_SYNTAX);
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
        try {
            Outcome outcome = respond(request);
            return new ResponsePayload(request.session(), request.command(), outcome.code(), outcome.data());
        } finally {
            request.wipe();
        }
    }

    private Outcome respond(RequestPayload request) {
        Command command = request.knownCommand().orElse(null);
        if (command == null) {
            return Outcome.failure(ResponseCode.INVALID_CMD);
        }
        try {
            return command.authenticated() ? authenticated(command, request) : unauthenticated(command, request);
        } catch (CommandRefusedException e) {
            return Outcome.failure(e.code());
        } catch (CommandDataException e) {
            return Outcome.failure(ResponseCode.INVALID_SYNTAX);
        } catch (RecordTamperedException | KeyRefusedException e) {
            // A record that fails authentication, or a root of trust that no longer releases the
            // keys (PCRs changed): the command fails closed.
            return Outcome.failure(ResponseCode.CMD_FAIL);
        } catch (StorageException | RuntimeException e) {
            // The entropy source refused (its QRNG failed), perhaps wrapped by a JCA provider: fail closed.
            return Outcome.failure(EntropyUnavailableException.in(e).isPresent() ? ResponseCode.CMD_FAIL
                    : ResponseCode.UNKNOWN_ERR);
        }
    }

    /** D-10 step 5: GET_INFO, PING, INIT run on session 0 only, never rate limited. */
    private Outcome unauthenticated(Command command, RequestPayload request) {
        if (request.session() != Sessions.UNAUTHENTICATED) {
            return Outcome.failure(ResponseCode.SESSION_UNAVAILABLE);
        }
        if (!command.opData().accepts(request.opData().length)) {
            return Outcome.failure(ResponseCode.INVALID_SYNTAX);
        }
        return switch (command) {
            case GET_INFO -> Outcome.success(new InfoReply(info.encoded()).encode());
            case PING -> Outcome.success(new PingReply(request.opData()).encode());
            case INIT -> {
                SessionTable.Allocated s;
                EntropySource.Permit permit = entropy.admit(false);
                try {
                    s = sessions.allocate();
                } finally {
                    permit.close();
                }
                InitReply reply = new InitReply(s.session(), s.nonce());
                try {
                    yield Outcome.success(reply.encode());
                } finally {
                    reply.wipe();
                }
            }
            default -> throw new IllegalStateException("not an unauthenticated command: " + command);
        };
    }

    /** D-10 steps 6–12. */
    private Outcome authenticated(Command command, RequestPayload request)
            throws CommandRefusedException, StorageException, CommandDataException {
        if (rateLimiter.lockedOut()) {
            return Outcome.failure(ResponseCode.RATE_LIMITED);
        }
        if (Sessions.isReserved(request.session())) {
            tokens.dummy(request.token());
            return Outcome.failure(ResponseCode.SESSION_UNAVAILABLE);
        }
        byte[] nonce = sessions.claim(request.session());
        if (nonce == null) {
            tokens.dummy(request.token());
            return Outcome.failure(ResponseCode.SESSION_UNAVAILABLE);
        }
        // The session is in AP now and returns to UD whatever happens next (D-36).
        boolean valid;
        try {
            valid = tokens.verify(nonce, request.token());
        } finally {
            Arrays.fill(nonce, (byte) 0);
        }
        if (!valid) {
            rateLimiter.recordFailure();
            return Outcome.failure(ResponseCode.INCORRECT_SECRET);
        }
        if (!command.opData().accepts(request.opData().length)) {
            return Outcome.failure(ResponseCode.INVALID_SYNTAX);
        }
        Boolean generatesKeys = DRAWS_RANDOMNESS.get(command);
        if (generatesKeys == null) {
            return handlers.get(command).handle(request.opData());
        }
        EntropySource.Permit permit = entropy.admit(generatesKeys); // refused (CMD_FAIL) before any state changes
        try {
            return handlers.get(command).handle(request.opData());
        } finally {
            permit.close();
        }
    }

    /** Timers: AW sessions past 10 minutes and the SEC_SET_INIT key pair past 10 minutes are zeroized. */
    public void housekeeping() {
        sessions.expire();
        pendingKeyPair.expire();
    }

    /** Zeroizes what is held in RAM (sessions, the pending key pair). Does not close the storage. */
    @Override
    public void close() {
        sessions.clear();
        pendingKeyPair.clear();
    }
}
