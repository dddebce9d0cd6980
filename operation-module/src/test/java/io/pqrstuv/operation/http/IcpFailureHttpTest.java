package io.pqrstuv.operation.http;

import static io.pqrstuv.operation.support.EcpTestClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.operation.icp.ReplyTimeouts;
import io.pqrstuv.operation.support.EcpTestClient;
import io.pqrstuv.operation.support.EcpTestClient.Reply;
import io.pqrstuv.operation.support.ScriptedStorage;
import io.pqrstuv.operation.support.TestDevice;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What HTTPS clients see when the storage module misbehaves: 500 {} and never a second frame (ECP-NET-11). */
class IcpFailureHttpTest {
    private static TestDevice device;
    private static EcpTestClient client;
    private static ScriptedStorage storage;

    @BeforeAll
    static void start() throws Exception {
        device = TestDevice.startScripted(ReplyTimeouts.fixed(Duration.ofSeconds(1)));
        client = device.client();
        storage = device.scripted().orElseThrow();
    }

    @AfterAll
    static void stop() throws Exception {
        device.close();
    }

    @AfterEach
    void heal() {
        storage.replyHook(UnaryOperator.identity());
        device.tap().orElseThrow().forgetOutstanding();
    }

    private Reply ping() throws Exception {
        return client.postUnauthenticated("/ping", JSON.getNodeFactory().textNode("AQID"));
    }

    @Test
    void droppedReplyIs500AfterTheTimeoutWithOneFrame() throws Exception {
        storage.replyHook(f -> null);
        int before = storage.requestFrames();
        Reply r = ping();
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{}");
        Thread.sleep(300);
        assertThat(storage.requestFrames()).isEqualTo(before + 1);
    }

    @Test
    void corruptedReplyIs500() throws Exception {
        storage.replyHook(f -> {
            f[Frames.MARKER_LENGTH + 6] ^= 0x40;
            return f;
        });
        Reply r = ping();
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{}");
    }

    @Test
    void checksumFailIsReportedNotRetried() throws Exception {
        storage.replyHook(f -> Frames.encode(ResponsePayload.framingError(ResponseCode.CHECKSUM_FAIL).encode()));
        int before = storage.requestFrames();
        Reply r = ping();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().toString()).isEqualTo("{\"code\":4,\"result\":\"\"}");
        assertThat(storage.requestFrames()).isEqualTo(before + 1);
    }

    @Test
    void mismatchedSessionIs500() throws Exception {
        storage.replyHook(f -> {
            f[Frames.MARKER_LENGTH + 4] ^= 0x01; // session byte: the CRC must be recomputed to isolate D-49
            byte[] payload = java.util.Arrays.copyOfRange(f, 20, f.length - 20);
            return Frames.encode(payload);
        });
        assertThat(ping().status()).isEqualTo(500);
    }

    @Test
    void recoversAfterFailures() throws Exception {
        storage.replyHook(f -> null);
        assertThat(ping().status()).isEqualTo(500);
        storage.replyHook(UnaryOperator.identity());
        Thread.sleep(200);
        Reply r = ping();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.result().asText()).isEqualTo("AQID");
    }
}
