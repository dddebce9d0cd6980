package io.pqrstuv.operation.mitm;

import static io.pqrstuv.operation.support.EcpTestClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.operation.icp.ReplyTimeouts;
import io.pqrstuv.operation.support.EcpTestClient.Reply;
import io.pqrstuv.operation.support.EcpTestClient;
import io.pqrstuv.testkit.tap.Direction;
import io.pqrstuv.testkit.tap.Fault;
import io.pqrstuv.testkit.tap.IcpTap;
import io.pqrstuv.testkit.tap.TapEntry;
import io.pqrstuv.testkit.tap.TapRecording;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MITM black-box tests with the real modules: the real storage module (vault {@code memory}) and
 * the real operation module (HTTPS, TLS 1.3), each on a socat pty opened as a serial port, with
 * the {@link IcpTap} relaying between them at the full pty rate. Faults are injected on the wire
 * by the tap; everything is observed from outside: HTTPS replies and the tap's recording of the
 * frames each module actually sent (ECP-NET-10, ECP-NET-11, ECP-HDR-7, ICP-FRAME-16/17, D-48, D-49).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IcpTapBetweenModulesTest {
    /** Generous: how long to wait for frames the tap must see (only reached when a test fails). */
    private static final Duration FRAMES = Duration.ofSeconds(60);
    /**
     * The reply timeout of the devices on which replies are dropped or held back: short, so the
     * tests do not wait the production 12 s, yet far above what a PING takes on a busy machine.
     */
    private static final Duration SHORT_REPLY_TIMEOUT = Duration.ofSeconds(3);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static MitmDevice device;
    private static EcpTestClient client;
    private static List<Algorithm> algorithms;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(MitmDevice.socatAvailable(), "socat is not on the PATH: no ptys for the tap");
        device = MitmDevice.start(new ReplyTimeouts(0)); // the production timeouts of an unpaced link
        client = device.client();
        Reply info = client.info();
        assertThat(info.code()).isZero();
        algorithms = new ArrayList<>();
        for (JsonNode id : info.result().get("available_cryptosystems")) {
            Algorithm.byCoseId(id.asInt()).ifPresent(algorithms::add);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (device != null) {
            device.close();
        }
    }

    /** Every test starts with no fault armed and an empty recording. */
    @BeforeEach
    void cleanSlate() throws Exception {
        device.quiesce(FRAMES);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static Reply ping(EcpTestClient c, byte[] data) throws Exception {
        return c.postUnauthenticated("/ping", JSON.getNodeFactory().textNode(Base64Url.encode(data)));
    }

    /** A /ping that must succeed and echo {@code data}. */
    private static void assertPingWorks(EcpTestClient c, byte[] data) throws Exception {
        Reply r = ping(c, data);
        assertThat(r.status()).as("HTTP status of /ping: %s", r.body()).isEqualTo(200);
        assertThat(r.code()).isZero();
        assertThat(Base64Url.decode(r.result().asText()).orElseThrow()).isEqualTo(data);
    }

    private static List<Command> commands(List<TapEntry.Frame> requests) {
        return requests.stream().map(f -> Command.fromCode(f.request().command()).orElseThrow()).toList();
    }

    /** A session opened with /init and the token for the factory-default (empty) secret. */
    private record Session(String session, String token) {
        static Session open(EcpTestClient c) throws Exception {
            Reply init = c.postUnauthenticated("/init", JSON.getNodeFactory().textNode(""));
            assertThat(init.code()).as("/init: %s", init.body()).isZero();
            byte[] nonce = Base64Url.decode(init.result().get("nonce").asText()).orElseThrow();
            return new Session(init.result().get("session").asText(),
                    Base64Url.encode(AuthToken.compute(new byte[0], nonce)));
        }

        Reply post(EcpTestClient c, String path, JsonNode data) throws Exception {
            return c.send("POST", path, EcpTestClient.headers(session, token), EcpTestClient.body(data));
        }
    }

    // ---------------------------------------------------------------- ECP-NET-11, D-48

    @Test
    void corruptedRequestGetsChecksumFailOnceAndNothingIsResent() throws Exception {
        TapRecording rec = device.recording();
        byte[] data = randomBytes(24);
        // One opData byte of the next request flipped on the wire: the storage module's CRC check fails.
        device.tap().corruptNext(Direction.TO_STORAGE, Fault.corruptPayload(RequestPayload.HEADER_LENGTH + 3));

        Reply r = ping(client, data);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().toString()).isEqualTo("{\"code\":4,\"result\":\"\"}"); // D-48
        rec.awaitResponses(1, FRAMES);
        List<TapEntry.Frame> requests = rec.requests();
        assertThat(requests).hasSize(1); // ECP-NET-11: no automatic retry
        assertThat(requests.getFirst().fault()).isInstanceOf(Fault.Corrupt.class);
        assertThat(requests.getFirst().request().opData()).isEqualTo(data); // the module sent it intact
        ResponsePayload answer = rec.responses().getFirst().response();
        assertThat(answer.code()).isEqualTo(ResponseCode.CHECKSUM_FAIL); // from the real storage module
        assertThat(answer.session()).isEqualTo(Sessions.FRAMING_ERROR);
        assertThat(answer.command()).isEqualTo(Sessions.FRAMING_ERROR_COMMAND);
        assertThat(rec.anomalies()).isEmpty(); // both modules' streams were well formed

        // The link and both modules are fine: the next call is answered normally.
        byte[] next = randomBytes(24);
        assertPingWorks(client, next);
        rec.awaitResponses(2, FRAMES);
        assertThat(rec.requests()).hasSize(2);
        assertThat(rec.requests().get(1).request().opData()).isEqualTo(next);
        rec.assertStrictlyAlternating();
    }

    @Test
    void corruptedAuthenticatedRequestLeavesItsSessionUsable() throws Exception {
        assumeTrue(algorithms.contains(Algorithm.ES256) || algorithms.contains(Algorithm.ML_DSA_44),
                "needs a quick signature algorithm");
        Algorithm alg = algorithms.contains(Algorithm.ML_DSA_44) ? Algorithm.ML_DSA_44 : Algorithm.ES256;
        TapRecording rec = device.recording();
        Session s = Session.open(client);
        rec.awaitResponses(1, FRAMES);
        device.tap().corruptNext(Direction.TO_STORAGE, Fault.corruptPayload(0)); // the session field

        Reply first = s.post(client, "/keygen", JSON.getNodeFactory().numberNode(alg.coseId()));
        assertThat(first.json().toString()).isEqualTo("{\"code\":4,\"result\":\"\"}");
        rec.awaitResponses(2, FRAMES);
        assertThat(commands(rec.requests())).containsExactly(Command.INIT, Command.KEYGEN);

        // D-48: the storage module never accepted the corrupted frame, so the client may resend it
        // with the same session and token.
        Reply again = s.post(client, "/keygen", JSON.getNodeFactory().numberNode(alg.coseId()));
        assertThat(again.code()).as("resent /keygen: %s", again.body()).isZero();
        assertThat(Base64Url.decode(again.result().asText()).orElseThrow()).hasSize(16);
        rec.awaitResponses(3, FRAMES);
        assertThat(commands(rec.requests())).containsExactly(Command.INIT, Command.KEYGEN, Command.KEYGEN);
        rec.assertStrictlyAlternating();
    }

    @Test
    void droppedReplyIs500AfterTheTimeoutWithOneRequestAndTheLinkStaysInStep() throws Exception {
        try (MitmDevice shortTimeouts = MitmDevice.start(ReplyTimeouts.fixed(SHORT_REPLY_TIMEOUT))) {
            EcpTestClient c = shortTimeouts.client();
            assertPingWorks(c, randomBytes(8)); // warm: TLS and the first exchange done
            shortTimeouts.quiesce(FRAMES);
            TapRecording rec = shortTimeouts.recording();
            shortTimeouts.tap().dropNext(Direction.TO_OPERATION);

            byte[] data = randomBytes(16);
            long t0 = System.nanoTime();
            Reply r = ping(c, data);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(r.status()).isEqualTo(500);
            assertThat(r.body()).isEqualTo("{}");
            assertThat(took).as("the 500 comes only when the reply timeout has run out").isGreaterThanOrEqualTo(SHORT_REPLY_TIMEOUT);
            assertThat(rec.requests()).hasSize(1); // ECP-NET-11: not resent while waiting
            assertThat(rec.requests().getFirst().request().opData()).isEqualTo(data);
            List<TapEntry.Frame> responses = rec.responses();
            assertThat(responses).hasSize(1); // the storage module did answer; the tap swallowed it
            assertThat(responses.getFirst().fault()).isEqualTo(Fault.drop());

            // D-49: the next call gets its own reply, not a stale one.
            byte[] next = randomBytes(16);
            assertPingWorks(c, next);
            rec.awaitResponses(2, FRAMES);
            assertThat(rec.requests()).hasSize(2);
            assertThat(rec.requests().get(1).request().opData()).isEqualTo(next);
            rec.assertStrictlyAlternating();
        }
    }

    /**
     * The reply comes, but only after the timeout, while the next command is already waiting
     * (the tap holds the late reply back and the next reply queues behind it). The next caller
     * must never be given the late reply's data: its own echo or 500, and the link is in step
     * again for the call after.
     */
    @Test
    void lateReplyIsNeverHandedToTheNextCaller() throws Exception {
        // Arrives one second into the next call's wait (if that call starts within a second).
        Duration late = SHORT_REPLY_TIMEOUT.plusSeconds(1);
        try (MitmDevice shortTimeouts = MitmDevice.start(ReplyTimeouts.fixed(SHORT_REPLY_TIMEOUT))) {
            EcpTestClient c = shortTimeouts.client();
            assertPingWorks(c, randomBytes(8));
            shortTimeouts.quiesce(FRAMES);
            TapRecording rec = shortTimeouts.recording();
            shortTimeouts.tap().delayNext(Direction.TO_OPERATION, late);

            byte[] first = randomBytes(16);
            Reply r1 = ping(c, first);
            assertThat(r1.status()).isEqualTo(500);
            assertThat(rec.requests()).hasSize(1); // ECP-NET-11
            TapEntry.Frame lateReply = rec.responses().getFirst();
            assertThat(lateReply.fault()).isInstanceOf(Fault.Delay.class);

            byte[] second = randomBytes(16); // same length: only the content tells the two echoes apart
            Reply r2 = ping(c, second);
            if (r2.status() == 200) { // possible only if this call started after the late reply came
                assertThat(Base64Url.decode(r2.result().asText()).orElseThrow())
                        .as("the second caller was given the first caller's late echo").isEqualTo(second);
            } else {
                assertThat(r2.status()).isEqualTo(500);
                assertThat(r2.body()).isEqualTo("{}");
            }
            assertThat(rec.requests()).hasSize(2);

            // Once the tap has let the held-back replies go, the link is in step again.
            long released = lateReply.atNanos() + late.toNanos() + Duration.ofMillis(500).toNanos();
            long wait = released - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            byte[] third = randomBytes(16);
            assertPingWorks(c, third);
            assertThat(rec.requests()).hasSize(3);
            assertThat(rec.requests().get(2).request().opData()).isEqualTo(third);
            rec.assertStrictlyAlternating();
        }
    }

    // ---------------------------------------------------------------- D-49, ICP-FRAME-17

    @Test
    void replyWithABadCrcIs500AndTheNextCallWorks() throws Exception {
        TapRecording rec = device.recording();
        device.tap().corruptNext(Direction.TO_OPERATION, -Frames.MARKER_LENGTH - 1); // last CRC byte

        Reply r = ping(client, randomBytes(10));

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{}");
        rec.awaitResponses(1, FRAMES);
        assertThat(rec.requests()).hasSize(1);
        assertThat(rec.responses().getFirst().fault()).isInstanceOf(Fault.Corrupt.class);
        assertThat(rec.responses().getFirst().response().code()).isEqualTo(ResponseCode.SUCCESS); // it was good when sent

        assertPingWorks(client, randomBytes(10));
        assertThat(rec.requests()).hasSize(2);
    }

    /** A well-framed reply (valid CRC) that breaks one D-49 rule, forged by the tap in place of the real one. */
    enum Forgery {
        SESSION {
            @Override
            ResponsePayload apply(ResponsePayload real) {
                return new ResponsePayload(real.session() ^ 0x01, real.command(), real.code(), real.data());
            }
        },
        COMMAND {
            @Override
            ResponsePayload apply(ResponsePayload real) {
                return new ResponsePayload(real.session(), Command.INIT.code(), real.code(), real.data());
            }
        },
        LENGTH {
            @Override
            ResponsePayload apply(ResponsePayload real) {
                return new ResponsePayload(real.session(), real.command(), real.code(),
                        Arrays.copyOf(real.data(), real.data().length + 1));
            }
        };

        abstract ResponsePayload apply(ResponsePayload real);
    }

    @ParameterizedTest
    @EnumSource(Forgery.class)
    void replyBreakingAD49RuleIs500AndTheNextCallWorks(Forgery forgery) throws Exception {
        TapRecording rec = device.recording();
        IcpTap tap = device.tap();
        tap.dropNext(Direction.TO_OPERATION);
        byte[] data = randomBytes(12);
        CompletableFuture<Reply> call = CompletableFuture.supplyAsync(() -> {
            try {
                return ping(client, data);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // The real reply was swallowed; the operation module is waiting. Hand it the forged one.
        ResponsePayload real = rec.awaitResponses(1, FRAMES).getFirst().response();
        assertThat(real.data()).isEqualTo(data);
        tap.inject(Direction.TO_OPERATION, Frames.encode(forgery.apply(real).encode()));

        Reply r = call.get(FRAMES.toSeconds(), TimeUnit.SECONDS);

        assertThat(r.status()).as("forged %s: %s", forgery, r.body()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{}");
        assertThat(rec.requests()).hasSize(1); // no retry after the rejection either
        assertPingWorks(client, randomBytes(12));
        assertThat(rec.requests()).hasSize(2);
        rec.assertStrictlyAlternating();
    }

    // ---------------------------------------------------------------- ECP-NET-10, ICP-FRAME-10

    @Test
    void twentyParallelPingsAllCorrectAndOneCommandAtATimeOnTheWire() throws Exception {
        TapRecording rec = device.recording();
        int n = 20;
        List<byte[]> data = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            data.add(("ping " + i + " ").getBytes(StandardCharsets.US_ASCII));
        }
        List<Future<Reply>> replies = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (byte[] d : data) {
                replies.add(pool.submit(() -> ping(client, d)));
            }
            for (int i = 0; i < n; i++) {
                Reply r = replies.get(i).get(FRAMES.toSeconds(), TimeUnit.SECONDS);
                assertThat(r.status()).as("ping %d: %s", i, r.body()).isEqualTo(200);
                assertThat(r.code()).isZero();
                assertThat(Base64Url.decode(r.result().asText()).orElseThrow()).as("ping %d echo", i).isEqualTo(data.get(i));
            }
        }
        rec.awaitResponses(n, FRAMES);
        List<TapEntry.Frame> requests = rec.requests();
        assertThat(requests).hasSize(n); // one ICP command per call
        rec.assertStrictlyAlternating(); // never two requests without a reply between them
        // Each reply follows its own request and echoes it.
        List<TapEntry.Frame> frames = rec.frames();
        assertThat(frames).hasSize(2 * n);
        for (int i = 0; i < n; i++) {
            TapEntry.Frame request = frames.get(2 * i);
            TapEntry.Frame response = frames.get(2 * i + 1);
            assertThat(request.direction()).isEqualTo(Direction.TO_STORAGE);
            assertThat(response.direction()).isEqualTo(Direction.TO_OPERATION);
            assertThat(response.response().data()).isEqualTo(request.request().opData());
        }
        assertThat(requests.stream().map(f -> new String(f.request().opData(), StandardCharsets.US_ASCII)))
                .containsExactlyInAnyOrderElementsOf(data.stream().map(d -> new String(d, StandardCharsets.US_ASCII)).toList());
        assertThat(rec.anomalies()).isEmpty();
    }

    // ---------------------------------------------------------------- ECP-HTTP-13

    @Test
    void identifierThatIsNot16BytesIs417WithNoFrameOnTheWire() throws Exception {
        TapRecording rec = device.recording();
        Session s = Session.open(client);
        rec.awaitResponses(1, FRAMES);

        Reply r = s.post(client, "/key_delete", JSON.getNodeFactory().textNode(Base64Url.encode(new byte[15])));

        assertThat(r.status()).isEqualTo(417);
        assertThat(r.body()).isEqualTo("{}");
        assertThat(commands(rec.requests())).containsExactly(Command.INIT); // no KEY_DEL frame
        // The session was never sent to the storage module, so it is still waiting for its command.
        Reply list = s.post(client, "/list_keys", JSON.getNodeFactory().numberNode(Algorithm.PROFILE.getFirst().coseId()));
        assertThat(list.code()).as("/list_keys on the unused session: %s", list.body()).isZero();
        rec.awaitResponses(2, FRAMES);
        assertThat(commands(rec.requests())).containsExactly(Command.INIT, Command.KEY_LST);
    }

    // ---------------------------------------------------------------- ECP-HDR-7, ICP-FRAME-16, ECP-NET-11

    @Test
    void authenticatedFlowSendsOneRequestPerCallWithTheHeadersVerbatim() throws Exception {
        Algorithm alg = algorithms.stream()
                .filter(a -> a == Algorithm.ML_DSA_44 || a == Algorithm.ES256 || a == Algorithm.ED25519)
                .findFirst().orElse(null);
        assumeTrue(alg != null, "/info lists none of ML-DSA-44, ES256, Ed25519");
        TapRecording rec = device.recording();
        List<Session> sessions = new ArrayList<>();
        List<Command> expected = new ArrayList<>();

        Session s1 = Session.open(client);
        Reply gen = s1.post(client, "/keygen", JSON.getNodeFactory().numberNode(alg.coseId()));
        assertThat(gen.code()).as("/keygen %s: %s", alg, gen.body()).isZero();
        String id = gen.result().asText();
        sessions.add(s1);
        expected.addAll(List.of(Command.INIT, Command.KEYGEN));

        Session s2 = Session.open(client);
        Reply pub = s2.post(client, "/get_public_key", JSON.getNodeFactory().textNode(id));
        assertThat(pub.code()).as("/get_public_key: %s", pub.body()).isZero();
        PublicKey key = IndependentCrypto.publicKey(alg, Base64Url.decode(pub.result().asText()).orElseThrow());
        sessions.add(s2);
        expected.addAll(List.of(Command.INIT, Command.GET_PUB));

        byte[] document = "signed through the tap".getBytes(StandardCharsets.UTF_8);
        Session s3 = Session.open(client);
        Reply sig = s3.post(client, "/sign",
                JSON.createObjectNode().put("identifier", id).put("document", Base64Url.encode(document)));
        assertThat(sig.code()).as("/sign: %s", sig.body()).isZero();
        byte[] signature = Base64Url.decode(sig.result().asText()).orElseThrow();
        sessions.add(s3);
        expected.addAll(List.of(Command.INIT, Command.SIGN));

        assertThat(IndependentCrypto.verify(alg, key, document, signature)).as("JDK verification of the %s signature", alg).isTrue();
        assertThat(IndependentCrypto.verify(alg, key, "another document".getBytes(StandardCharsets.UTF_8), signature)).isFalse();

        // Six ECP calls, six request frames, six replies, in step.
        rec.awaitResponses(expected.size(), FRAMES);
        List<TapEntry.Frame> requests = rec.requests();
        assertThat(commands(requests)).containsExactlyElementsOf(expected);
        assertThat(rec.responses()).hasSize(expected.size());
        rec.assertStrictlyAlternating();
        assertThat(rec.responses()).allSatisfy(f -> assertThat(f.response().code()).isEqualTo(ResponseCode.SUCCESS));

        // ECP-HDR-7: each authenticated frame carries the decoded Session and Authorization verbatim.
        for (int i = 0; i < sessions.size(); i++) {
            RequestPayload frame = requests.get(2 * i + 1).request();
            assertThat(Sessions.toBytes(frame.session())).isEqualTo(Base64Url.decode(sessions.get(i).session()).orElseThrow());
            assertThat(frame.token()).isEqualTo(Base64Url.decode(sessions.get(i).token()).orElseThrow());
        }
        // ICP-FRAME-16: every frame the operation module sent was well formed and within the limit.
        assertThat(rec.anomalies(Direction.TO_STORAGE)).isEmpty();
        assertThat(requests).allSatisfy(f -> assertThat(f.frameBytes().length).isLessThanOrEqualTo(Frames.MAX_FRAME));
        assertThat(requests.get(1).request().opData()).hasSize(AlgId.LENGTH); // KEYGEN: just the algorithm id
    }
}
