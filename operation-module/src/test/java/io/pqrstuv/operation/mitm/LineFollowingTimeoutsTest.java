package io.pqrstuv.operation.mitm;

import static io.pqrstuv.operation.support.EcpTestClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.operation.icp.ReplyTimeouts;
import io.pqrstuv.operation.support.EcpTestClient;
import io.pqrstuv.operation.support.EcpTestClient.Reply;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import io.pqrstuv.testkit.tap.Direction;
import io.pqrstuv.testkit.tap.Fault;
import io.pqrstuv.testkit.tap.TapEntry;
import io.pqrstuv.testkit.tap.TapRecording;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15 part 3 with the real modules and the {@code IcpTap} between them, the tap pacing the line
 * at 9600 bps and the operation module on its production 9600-bps deadlines (P-95): a lost or mangled
 * reply costs the command's first-byte wait, seconds rather than D-50's minutes, and the slowest
 * legitimate replies (an SLH-DSA-SHA2-256s signature, the largest public key, a long key
 * list) still arrive whole. Times are measured around the one ECP call whose ICP exchange is hit.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LineFollowingTimeoutsTest {
    private static final Duration FRAMES = Duration.ofSeconds(90);
    private static final ReplyTimeouts AT_9600 = new ReplyTimeouts(9600);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static MitmDevice device;
    private static EcpTestClient client;
    private static List<Algorithm> algorithms;
    /** An ES256 key made through this operation module, so it knows the key's algorithm (P-96). */
    private static String es256;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(MitmDevice.socatAvailable(), "socat is not on the PATH: no ptys for the tap");
        device = MitmDevice.start(AT_9600);
        client = device.client();
        algorithms = profile(client);
        assumeTrue(algorithms.contains(Algorithm.ES256), "/info does not list ES256");
        es256 = Session.open(client).post(client, "/keygen", JSON.getNodeFactory().numberNode(Algorithm.ES256.coseId()))
                .result().asText();
        device.tap().lineRate(LineRate.BAUD_9600);
    }

    @AfterAll
    static void stop() throws Exception {
        if (device != null) {
            device.close();
        }
    }

    @BeforeEach
    void cleanSlate() throws Exception {
        device.quiesce(FRAMES);
        device.tap().lineRate(LineRate.BAUD_9600);
    }

    static List<Algorithm> profile(EcpTestClient c) throws Exception {
        Reply info = c.info();
        assertThat(info.code()).isZero();
        List<Algorithm> list = new ArrayList<>();
        for (JsonNode id : info.result().get("available_cryptosystems")) {
            Algorithm.byCoseId(id.asInt()).ifPresent(list::add);
        }
        return list;
    }

    /** A session opened with /init, and its token for the factory-default (empty) secret. */
    record Session(String session, String token) {
        static Session open(EcpTestClient c) throws Exception {
            Reply init = c.postUnauthenticated("/init", JSON.getNodeFactory().textNode(""));
            assertThat(init.code()).as("/init: %s", init.body()).isZero();
            byte[] nonce = Base64Url.decode(init.result().get("nonce").asText()).orElseThrow();
            return new Session(init.result().get("session").asText(), Base64Url.encode(AuthToken.compute(new byte[0], nonce)));
        }

        Reply post(EcpTestClient c, String path, JsonNode data) throws Exception {
            return c.send("POST", path, EcpTestClient.headers(session, token), EcpTestClient.body(data));
        }
    }

    private record Timed(Reply reply, Duration took) {
    }

    private interface Call {
        Reply run() throws Exception;
    }

    private static Timed time(Call call) throws Exception {
        long t0 = System.nanoTime();
        Reply r = call.run();
        return new Timed(r, Duration.ofNanos(System.nanoTime() - t0));
    }

    private static Reply ping(byte[] data) throws Exception {
        return client.postUnauthenticated("/ping", JSON.getNodeFactory().textNode(Base64Url.encode(data)));
    }

    private static Reply sign(Session s, String id, byte[] document) throws Exception {
        return s.post(client, "/sign", JSON.createObjectNode().put("identifier", id).put("document", Base64Url.encode(document)));
    }

    private static void assert500Between(Timed t, Duration atLeast, Duration below) {
        assertThat(t.reply().status()).as("status: %s", t.reply().body()).isEqualTo(500);
        assertThat(t.reply().body()).isEqualTo("{}");
        assertThat(t.took()).isBetween(atLeast, below);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    // ------------------------------------------------------------ lost and mangled replies

    @Test
    void droppedInitReplyIs500AfterFiveSeconds() throws Exception {
        TapRecording rec = device.recording();
        device.tap().dropNext(Direction.TO_OPERATION);
        Timed t = time(() -> client.postUnauthenticated("/init", JSON.getNodeFactory().textNode("")));
        // 2 s compute + 2 s storage gap + 1 s after the 61-byte request (64 ms); D-50: 12.1 s.
        assert500Between(t, Duration.ofSeconds(5), Duration.ofSeconds(9));
        assertThat(rec.requests()).hasSize(1);
        assertThat(rec.responses().getFirst().fault()).isEqualTo(Fault.drop()); // the storage module did answer
    }

    @Test
    void droppedSignReplyIs500AfterEightSecondsNotMinutes() throws Exception {
        Session s = Session.open(client);
        TapRecording rec = device.recording();
        rec.awaitResponses(1, FRAMES);
        device.tap().dropNext(Direction.TO_OPERATION);
        Timed t = time(() -> sign(s, es256, random(40)));
        // ES256, known to this module: 5 s + 2 s + 1 s after the 109-byte request; D-50: 114 s.
        assert500Between(t, Duration.ofSeconds(8), Duration.ofSeconds(13));
        assertThat(rec.requests()).hasSize(2); // INIT, SIGN: not resent
        assertThat(rec.responses().get(1).fault()).isEqualTo(Fault.drop());
        assertThat(rec.responses().get(1).response().code()).isEqualTo(ResponseCode.SUCCESS);

        // The line is in step: the next signature comes back and verifies.
        Session again = Session.open(client);
        byte[] document = "after the lost reply".getBytes(StandardCharsets.UTF_8);
        Reply r = sign(again, es256, document);
        assertThat(r.code()).as("/sign: %s", r.body()).isZero();
        PublicKey key = publicKey(Algorithm.ES256, es256);
        assertThat(IndependentCrypto.verify(Algorithm.ES256, key, document, Base64Url.decode(r.result().asText()).orElseThrow())).isTrue();
    }

    @Test
    void replyWithAMangledPreambleCostsTheSameAsALostOne() throws Exception {
        device.tap().corruptNext(Direction.TO_OPERATION, Fault.corrupt(5, (byte) 0x01)); // 'Q' → 'P': no preamble
        Timed t = time(() -> ping(random(16)));
        assert500Between(t, Duration.ofSeconds(5), Duration.ofSeconds(9)); // PING: 2 s + 2 s + 1 s
        assertThat(device.recording().responses()).hasSize(1);
    }

    @Test
    void replyWithAnEnlargedLengthEndsAtTheGapRule() throws Exception {
        // The lowest length byte +128: the receiver waits for 128 bytes that never come, then D-1.
        device.tap().corruptNext(Direction.TO_OPERATION, Fault.corrupt(19, (byte) 0x80));
        Timed t = time(() -> ping(random(16)));
        assert500Between(t, Duration.ofSeconds(2), Duration.ofSeconds(6));
    }

    @Test
    void replyWithAnImpossibleLengthIs500AtOnce() throws Exception {
        device.tap().corruptNext(Direction.TO_OPERATION, Fault.corrupt(17)); // length 0x00FF00xx: oversize
        Timed t = time(() -> ping(random(16)));
        assert500Between(t, Duration.ZERO, Duration.ofSeconds(3));
    }

    @Test
    void requestWithAMangledPreambleIsNeverAnsweredAnd500ComesAfterFiveSeconds() throws Exception {
        TapRecording rec = device.recording();
        device.tap().corruptNext(Direction.TO_STORAGE, Fault.corrupt(6, (byte) 0x01));
        Timed t = time(() -> ping(random(16)));
        assert500Between(t, Duration.ofSeconds(5), Duration.ofSeconds(9));
        assertThat(rec.requests()).hasSize(1);
        assertThat(rec.responses()).isEmpty(); // the storage module saw garbage, not a frame
        rec.clear(); // a request that will never be answered: the next test need not wait for it
    }

    /** The first-byte wait includes the storage module's own 2 s gap: its CHECKSUM_FAIL gets through (D-48). */
    @Test
    void requestWithAnEnlargedLengthGetsTheStorageModulesChecksumFail() throws Exception {
        device.tap().corruptNext(Direction.TO_STORAGE, Fault.corrupt(19, (byte) 0x80));
        Timed t = time(() -> ping(random(16)));
        assertThat(t.reply().status()).isEqualTo(200);
        assertThat(t.reply().json().toString()).isEqualTo("{\"code\":4,\"result\":\"\"}");
        assertThat(t.took()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThat(device.recording().awaitResponses(1, FRAMES).getFirst().response().code()).isEqualTo(ResponseCode.CHECKSUM_FAIL);
    }

    // ------------------------------------------------------------ the slowest real replies still arrive

    private static PublicKey publicKey(Algorithm alg, String id) throws Exception {
        return publicKey(client, alg, id);
    }

    static PublicKey publicKey(EcpTestClient c, Algorithm alg, String id) throws Exception {
        Reply pub = c.call("/get_public_key", id);
        assertThat(pub.code()).as("/get_public_key %s: %s", alg, pub.body()).isZero();
        return IndependentCrypto.publicKey(alg, Base64Url.decode(pub.result().asText()).orElseThrow());
    }

    /**
     * The slowest legitimate replies the real storage module sends, across the 9600-bps line: an
     * SLH-DSA-SHA2-256s signature (the slowest signing set, a 29,838-byte reply frame, 31 s on the
     * wire), the largest public key (ML-DSA-87, 2,648 bytes) and a list of 100 keys (1,650 bytes).
     * Each arrives whole and verifies. The largest frame of all (49,960 payload bytes, 52 s) is
     * {@code IcpClientDeadlineTest.largestReplyAt9600BpsCompletes}, through the same client and
     * read loop; it is not repeated here to keep the suite's wall time down.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // set-up at full speed can be slow on a loaded machine
    void slowestLegitimateRepliesAt9600BpsSucceed() throws Exception {
        assumeTrue(algorithms.containsAll(List.of(Algorithm.SLH_DSA_SHA2_256S, Algorithm.ML_DSA_87, Algorithm.ML_KEM_512)),
                "/info lacks one of SLH-DSA-SHA2-256s, ML-DSA-87, ML-KEM-512");
        device.tap().lineRate(LineRate.UNLIMITED); // keys are made at full speed; the measured calls cross 9600 bps
        long setUp = System.nanoTime();
        String slow = keygen(client, Algorithm.SLH_DSA_SHA2_256S);
        String mlDsa = keygen(client, Algorithm.ML_DSA_87);
        int listed = 100;
        for (int i = 0; i < listed; i++) {
            keygen(client, Algorithm.ML_KEM_512);
        }
        PublicKey slowKey = publicKey(Algorithm.SLH_DSA_SHA2_256S, slow);
        device.quiesce(FRAMES);
        TapRecording rec = device.recording();
        device.tap().lineRate(LineRate.BAUD_9600);
        System.out.printf("set-up at full speed: %d ms%n", (System.nanoTime() - setUp) / 1_000_000);

        byte[] document = "a long signature over a slow line".getBytes(StandardCharsets.UTF_8);
        Timed slowSign = time(() -> client.call("/sign",
                JSON.createObjectNode().put("identifier", slow).put("document", Base64Url.encode(document))));
        Timed pub = time(() -> client.call("/get_public_key", mlDsa));
        Timed list = time(() -> client.call("/list_keys", Algorithm.ML_KEM_512.coseId()));
        System.out.printf("at 9600 bps: SIGN SLH-DSA-SHA2-256s %d ms, GET_PUB ML-DSA-87 %d ms, KEY_LST %d keys %d ms%n",
                slowSign.took().toMillis(), pub.took().toMillis(), listed, list.took().toMillis());

        assertThat(slowSign.reply().code()).as("/sign SLH-DSA-SHA2-256s: %s", slowSign.reply().body()).isZero();
        byte[] slowSignature = Base64Url.decode(slowSign.reply().result().asText()).orElseThrow();
        assertThat(slowSignature).hasSize(29_792);
        assertThat(IndependentCrypto.verify(Algorithm.SLH_DSA_SHA2_256S, slowKey, document, slowSignature)).isTrue();
        assertThat(slowSign.took()).as("it really crossed a 9600-bps line").isGreaterThan(Duration.ofSeconds(31));

        assertThat(pub.reply().code()).as("/get_public_key ML-DSA-87: %s", pub.reply().body()).isZero();
        assertThat(IndependentCrypto.publicKey(Algorithm.ML_DSA_87, Base64Url.decode(pub.reply().result().asText()).orElseThrow()))
                .isNotNull();
        assertThat(list.reply().code()).as("/list_keys: %s", list.reply().body()).isZero();
        assertThat(list.reply().result().get("count").asInt()).isEqualTo(listed);
        assertThat(list.reply().result().get("identifiers")).hasSize(listed);

        List<TapEntry.Frame> replies = rec.responses();
        assertThat(replies).isNotEmpty().allSatisfy(f -> assertThat(f.response().code()).isEqualTo(ResponseCode.SUCCESS));
        assertThat(replies.stream().filter(f -> f.response().command() == Command.KEY_LST.code()).findFirst().orElseThrow()
                .response().data()).hasSize(4 + 16 * listed);
    }

    private static String keygen(EcpTestClient c, Algorithm alg) throws Exception {
        Reply r = c.call("/keygen", alg.coseId());
        assertThat(r.code()).as("/keygen %s: %s", alg, r.body()).isZero();
        return r.result().asText();
    }
}
