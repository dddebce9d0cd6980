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
import java.security.GeneralSecurityException;
import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.DecapsulationException;
import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.SecureRandom;
import java.util.EnumSet;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
 * A scripted ICP responder for HTTP-layer tests, on the crypto module's engine: sessions, tokens
 * (default empty secret), every command of the profile. It is deliberately simple (no rate
 * limit, no persistence, no D-10 precedence details) and exists so that failures can be
 * injected: hooks count request frames, delay and tamper with replies. The end-to-end tests
 * also run against the real storage module.
 */
public final class ScriptedStorage implements AutoCloseable {
    public static final String SERIAL = "0f5e1c3a-0000-4000-8000-5c21p7ed0001";

    private final Link link;
    private final Thread thread;
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, byte[]> sessions = new HashMap<>();
    private final TreeMap<byte[], PrivateKeyBlob> keys = new TreeMap<>(KeyIds.ORDER);
    private final DeviceCrypto crypto = new JcaDeviceCrypto();
    private PrivateKeyBlob pendingSecretKey;
    private byte[] secret = new byte[0];
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
        if (!AuthToken.matches(AuthToken.compute(secret, nonce), r.token())) {
            return err(r, ResponseCode.INCORRECT_SECRET);
        }
        if (!c.opData().accepts(r.opData().length)) {
            return err(r, ResponseCode.INVALID_SYNTAX);
        }
        try {
            return switch (c) {
                case KEYGEN -> keygen(r);
                case KEY_LST -> list(r);
                case KEY_DEL -> keys.remove(r.opData()) != null ? ok(r, new byte[0]) : err(r, ResponseCode.CMD_FAIL);
                case GET_PUB -> keys.containsKey(r.opData()) ? ok(r, crypto.publicCose(keys.get(r.opData())))
                        : err(r, ResponseCode.CMD_FAIL);
                case IMPORT -> importKey(r);
                case SIGN -> sign(r);
                case DECAPS -> decaps(r);
                case SEC_SET_INIT -> secSetInit(r);
                case SEC_SET_CONF -> secSetConf(r);
                case CRYPTO_RST -> {
                    keys.clear();
                    yield ok(r, new byte[0]);
                }
                case DEV_RST -> {
                    keys.clear();
                    secret = new byte[0];
                    yield ok(r, new byte[0]);
                }
                default -> err(r, ResponseCode.CMD_FAIL);
            };
        } catch (GeneralSecurityException | RuntimeException e) {
            return err(r, ResponseCode.UNKNOWN_ERR);
        }
    }

    private ResponsePayload keygen(RequestPayload r) {
        Algorithm alg = Algorithm.byCoseId(AlgId.decode(r.opData())).orElse(null);
        if (alg == null) {
            return err(r, ResponseCode.CMD_FAIL);
        }
        byte[] id = new byte[16];
        random.nextBytes(id);
        keys.put(id, crypto.generate(alg, random));
        return ok(r, id);
    }

    private ResponsePayload importKey(RequestPayload r) {
        try {
            PrivateKeyBlob key = crypto.parsePrivate(r.opData(), EnumSet.allOf(Algorithm.class));
            byte[] id = new byte[16];
            random.nextBytes(id);
            keys.put(id, key);
            return ok(r, id);
        } catch (CoseKeyException e) {
            return err(r, switch (e.reason()) {
                case SYNTAX -> ResponseCode.INVALID_SYNTAX;
                case ALGORITHM_NOT_LISTED -> ResponseCode.CMD_FAIL;
                case MISMATCH -> ResponseCode.CRYPTO_KEY_MISMATCH;
            });
        }
    }

    private ResponsePayload list(RequestPayload r) {
        int alg = AlgId.decode(r.opData());
        List<byte[]> ids = keys.entrySet().stream().filter(e -> e.getValue().algorithm().coseId() == alg)
                .map(Map.Entry::getKey).toList();
        byte[] out = new byte[4 + 16 * ids.size()];
        System.arraycopy(Sessions.toBytes(ids.size()), 0, out, 0, 4);
        for (int i = 0; i < ids.size(); i++) {
            System.arraycopy(ids.get(i), 0, out, 4 + 16 * i, 16);
        }
        return ok(r, out);
    }

    private ResponsePayload sign(RequestPayload r) {
        PrivateKeyBlob key = keys.get(Arrays.copyOf(r.opData(), 16));
        if (key == null) {
            return err(r, ResponseCode.CMD_FAIL);
        }
        if (!key.algorithm().isSignature()) {
            return err(r, ResponseCode.CRYPTO_KEY_MISMATCH);
        }
        byte[] digest = Arrays.copyOfRange(r.opData(), 16, r.opData().length);
        if (digest.length != 32) {
            return err(r, ResponseCode.CMD_FAIL);
        }
        return ok(r, crypto.sign(key, digest, random));
    }

    private ResponsePayload decaps(RequestPayload r) {
        PrivateKeyBlob key = keys.get(Arrays.copyOf(r.opData(), 16));
        if (key == null) {
            return err(r, ResponseCode.CMD_FAIL);
        }
        byte[] ct = Arrays.copyOfRange(r.opData(), 16, r.opData().length);
        if (!key.algorithm().isKem() || ct.length != crypto.ciphertextLength(key)) {
            return err(r, ResponseCode.CRYPTO_KEY_MISMATCH);
        }
        try {
            return ok(r, crypto.decapsulate(key, ct));
        } catch (DecapsulationException e) {
            return err(r, ResponseCode.CMD_FAIL);
        }
    }

    private ResponsePayload secSetInit(RequestPayload r) {
        Algorithm alg = Algorithm.byCoseId(AlgId.decode(r.opData())).orElse(null);
        if (alg == null) {
            return err(r, ResponseCode.CMD_FAIL);
        }
        if (!alg.isKem()) {
            return err(r, ResponseCode.CRYPTO_KEY_MISMATCH);
        }
        pendingSecretKey = crypto.generate(alg, random);
        return ok(r, crypto.publicCose(pendingSecretKey));
    }

    /** D-13: IV(12) ‖ AES-256-GCM(secret) ‖ tag(16) ‖ KEM ciphertext of the pending key's fixed length. */
    private ResponsePayload secSetConf(RequestPayload r) throws GeneralSecurityException {
        PrivateKeyBlob key = pendingSecretKey;
        pendingSecretKey = null;
        if (key == null) {
            return err(r, ResponseCode.CMD_FAIL);
        }
        byte[] op = r.opData();
        int ctLen = crypto.ciphertextLength(key);
        if (op.length < ctLen + 28) {
            return err(r, ResponseCode.CMD_FAIL);
        }
        byte[] aesKey;
        try {
            aesKey = crypto.decapsulate(key, Arrays.copyOfRange(op, op.length - ctLen, op.length));
        } catch (DecapsulationException e) {
            return err(r, ResponseCode.CMD_FAIL);
        }
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(128, op, 0, 12));
        byte[] plain;
        try {
            plain = gcm.doFinal(op, 12, op.length - ctLen - 12);
        } catch (javax.crypto.AEADBadTagException e) {
            return err(r, ResponseCode.CMD_FAIL);
        }
        if (plain.length >= 1024) {
            return err(r, ResponseCode.CMD_FAIL);
        }
        secret = plain;
        return ok(r, new byte[0]);
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
        CBORObject algs = CBORObject.NewArray();
        Algorithm.PROFILE.forEach(a -> algs.Add(a.coseId()));
        m.Add("available_cryptosystems", algs);
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






    @Override
    public void close() throws IOException, InterruptedException {
        closed = true;
        link.close();
        thread.join(2000);
    }
}
