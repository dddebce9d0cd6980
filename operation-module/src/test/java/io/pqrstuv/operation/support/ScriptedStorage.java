package io.pqrstuv.operation.support;

import com.upokecenter.cbor.CBORObject;
import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.KeyIds;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.icp.payload.ShortPayloadException;
import io.pqrstuv.serial.Link;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A small scripted ICP responder for HTTP-layer tests: GET_INFO, PING, INIT, session and token
 * checks with the empty default secret, and ES256 KEYGEN / KEY_LST / KEY_DEL / GET_PUB / SIGN.
 * Other commands answer CMD_FAIL. Hooks count request frames and tamper with replies.
 */
public final class ScriptedStorage implements AutoCloseable {
    public static final String SERIAL = "0f5e1c3a-0000-4000-8000-5c21p7ed0001";

    private final Link link;
    private final Thread thread;
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, byte[]> sessions = new HashMap<>();
    private final TreeMap<byte[], KeyPair> keys = new TreeMap<>(KeyIds.ORDER);
    private final AtomicInteger requestFrames = new AtomicInteger();
    private volatile UnaryOperator<byte[]> replyHook = UnaryOperator.identity();
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean closed;

    public ScriptedStorage(Link link) {
        this.link = link;
        this.thread = Thread.ofPlatform().daemon().name("scripted-storage").start(this::run);
    }

    public int requestFrames() {
        return requestFrames.get();
    }

    /** Transforms each reply frame; returning null drops it. */
    public void replyHook(UnaryOperator<byte[]> hook) {
        this.replyHook = hook;
    }

    /** Delays every reply (simulates compute and wire time). */
    public void delay(Duration d) {
        this.delay = d;
    }

    private void run() {
        List<ReceiverEvent> events = new ArrayList<>();
        FrameReceiver receiver = new FrameReceiver(events::add);
        byte[] buf = new byte[65536];
        try {
            while (!closed) {
                int n = link.read(buf, 0, buf.length, Duration.ofMillis(200));
                if (n < 0) {
                    return;
                }
                if (n == 0) {
                    receiver.checkGap();
                } else {
                    receiver.feed(buf, 0, n);
                }
                for (ReceiverEvent e : events) {
                    requestFrames.incrementAndGet();
                    ResponsePayload reply = e instanceof ReceiverEvent.Payload(byte[] p)
                            ? answer(p) : ResponsePayload.framingError(e.errorReply());
                    if (!delay.isZero()) {
                        Thread.sleep(delay);
                    }
                    byte[] frame = replyHook.apply(Frames.encode(reply.encode()));
                    if (frame != null) {
                        link.write(frame);
                    }
                }
                events.clear();
            }
        } catch (IOException | InterruptedException e) {
            // link closed: the test is over
        }
    }

    private ResponsePayload answer(byte[] payload) {
        RequestPayload r;
        try {
            r = RequestPayload.decode(payload);
        } catch (ShortPayloadException e) {
            return ResponsePayload.framingError(ResponseCode.INVALID_SYNTAX);
        }
        Command c = r.knownCommand().orElse(null);
        if (c == null) {
            return ResponsePayload.error(r.session(), r.command(), ResponseCode.INVALID_CMD);
        }
        if (!c.authenticated()) {
            if (r.session() != Sessions.UNAUTHENTICATED) {
                return err(r, ResponseCode.SESSION_UNAVAILABLE);
            }
            return switch (c) {
                case GET_INFO -> ok(r, info());
                case PING -> ok(r, r.opData());
                case INIT -> ok(r, init());
                default -> err(r, ResponseCode.UNKNOWN_ERR);
            };
        }
        byte[] nonce = sessions.remove(r.session());
        if (nonce == null) {
            return err(r, ResponseCode.SESSION_UNAVAILABLE);
        }
        if (!AuthToken.matches(AuthToken.compute(new byte[0], nonce), r.token())) {
            return err(r, ResponseCode.INCORRECT_SECRET);
        }
        if (!c.opData().accepts(r.opData().length)) {
            return err(r, ResponseCode.INVALID_SYNTAX);
        }
        try {
            return switch (c) {
                case KEYGEN -> AlgId.decode(r.opData()) == -7 ? ok(r, keygen()) : err(r, ResponseCode.CMD_FAIL);
                case KEY_LST -> ok(r, list(AlgId.decode(r.opData())));
                case KEY_DEL -> keys.remove(r.opData()) != null ? ok(r, new byte[0]) : err(r, ResponseCode.CMD_FAIL);
                case GET_PUB -> keys.containsKey(r.opData()) ? ok(r, cose((ECPublicKey) keys.get(r.opData()).getPublic()))
                        : err(r, ResponseCode.CMD_FAIL);
                case SIGN -> sign(r);
                case DEV_RST, CRYPTO_RST -> {
                    keys.clear();
                    yield ok(r, new byte[0]);
                }
                default -> err(r, ResponseCode.CMD_FAIL);
            };
        } catch (GeneralSecurityException e) {
            return err(r, ResponseCode.UNKNOWN_ERR);
        }
    }

    private static ResponsePayload ok(RequestPayload r, byte[] data) {
        return new ResponsePayload(r.session(), r.command(), ResponseCode.SUCCESS, data);
    }

    private static ResponsePayload err(RequestPayload r, ResponseCode code) {
        return ResponsePayload.error(r.session(), r.command(), code);
    }

    static byte[] info() {
        CBORObject m = CBORObject.NewOrderedMap();
        m.Add("name", "Scripted test device");
        m.Add("serial_number", SERIAL);
        m.Add("manufacturer", "Cryptane");
        m.Add("documentation", "example.com");
        m.Add("available_cryptosystems", CBORObject.NewArray().Add(-7));
        m.Add("token_hash_algo", -16);
        return m.EncodeToBytes();
    }

    private byte[] init() {
        int session;
        do {
            session = random.nextInt();
        } while (Sessions.isReserved(session) || sessions.containsKey(session));
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        sessions.put(session, nonce);
        byte[] out = Arrays.copyOf(Sessions.toBytes(session), 20);
        System.arraycopy(nonce, 0, out, 4, 16);
        return out;
    }

    private byte[] keygen() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] id = new byte[16];
        random.nextBytes(id);
        keys.put(id, g.generateKeyPair());
        return id;
    }

    private byte[] list(int alg) {
        List<byte[]> ids = alg == -7 ? new ArrayList<>(keys.keySet()) : List.of();
        byte[] out = new byte[4 + 16 * ids.size()];
        System.arraycopy(Sessions.toBytes(ids.size()), 0, out, 0, 4);
        for (int i = 0; i < ids.size(); i++) {
            System.arraycopy(ids.get(i), 0, out, 4 + 16 * i, 16);
        }
        return out;
    }

    private ResponsePayload sign(RequestPayload r) throws GeneralSecurityException {
        byte[] id = Arrays.copyOf(r.opData(), 16);
        KeyPair kp = keys.get(id);
        if (kp == null) {
            return err(r, ResponseCode.CMD_FAIL);
        }
        byte[] digest = Arrays.copyOfRange(r.opData(), 16, r.opData().length);
        if (digest.length != 32) {
            return err(r, ResponseCode.CMD_FAIL);
        }
        Signature s = Signature.getInstance("NONEwithECDSAinP1363Format");
        s.initSign(kp.getPrivate());
        s.update(digest);
        return ok(r, s.sign());
    }

    static byte[] cose(ECPublicKey pub) {
        CBORObject m = CBORObject.NewOrderedMap();
        m.Add(1, 2);
        m.Add(3, -7);
        m.Add(-1, 1);
        m.Add(-2, fixed(pub.getW().getAffineX()));
        m.Add(-3, fixed(pub.getW().getAffineY()));
        return m.EncodeToBytes();
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        closed = true;
        link.close();
        thread.join(2000);
    }
}
