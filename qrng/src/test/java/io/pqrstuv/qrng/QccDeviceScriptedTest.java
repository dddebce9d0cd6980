package io.pqrstuv.qrng;

import static io.pqrstuv.qrng.testing.ScriptedPeer.expect;
import static io.pqrstuv.qrng.testing.ScriptedPeer.expectFrame;
import static io.pqrstuv.qrng.testing.ScriptedPeer.expectSilence;
import static io.pqrstuv.qrng.testing.ScriptedPeer.hex;
import static io.pqrstuv.qrng.testing.ScriptedPeer.pause;
import static io.pqrstuv.qrng.testing.ScriptedPeer.send;
import static io.pqrstuv.qrng.testing.ScriptedPeer.sendRandom;
import static io.pqrstuv.qrng.testing.ScriptedPeer.streamUntilStop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.qrng.error.QccDisconnectedException;
import io.pqrstuv.qrng.error.QccNackException;
import io.pqrstuv.qrng.error.QccProtocolException;
import io.pqrstuv.qrng.error.QccTimeoutException;
import io.pqrstuv.qrng.testing.ScriptedPeer;
import io.pqrstuv.qrng.transport.TcpTransport;
import io.pqrstuv.qrng.wire.Postprocess;
import io.pqrstuv.qrng.wire.QccConfig;
import io.pqrstuv.qrng.wire.QccStatus;
import io.pqrstuv.qrng.wire.UpdateStatus;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * QccDevice's line discipline against a deterministic scripted device on a loopback TCP stream
 * (the "tcp" transport carries exactly the serial byte stream).
 */
class QccDeviceScriptedTest {
    private static final String OK = "01 80 34 00 00";
    private static final QccOptions FAST = QccOptions.defaults()
            .withResponseTimeout(Duration.ofMillis(400))
            .withStopSilence(Duration.ofMillis(60))
            .withStopTimeout(Duration.ofMillis(1500))
            .withStopOnOpen(false);

    private ScriptedPeer peer;
    private QccDevice dev;
    private final List<String> trace = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        peer = ScriptedPeer.start();
        dev = QccDevice.open(TcpTransport.connect("127.0.0.1", peer.port(), Duration.ofSeconds(2)),
                FAST.withTrace(trace::add));
    }

    @AfterEach
    void close() throws Exception {
        dev.close();
        peer.close();
    }

    @Test
    void queriesDecodeTheirReplies() throws Exception {
        byte[] info = new byte[56];
        info[0] = 0x0C;
        info[2] = 1;
        info[4] = 0x0E;
        info[6] = 5;
        System.arraycopy("QC0000000217".getBytes(), 0, info, 8, 12);
        System.arraycopy("CICADA-QRNG-1.1".getBytes(), 0, info, 32, 15);
        peer.run(expect("01"), send("11 " + OK),
                expect("0b"), send(concat(hex("1b"), info)),
                expect("07"), send("17 00 00 00 00 3f 0f 04 40 c0 01 00 08"),
                expect("09"), send("19 00 10 00 00 00 00 00 00 01 00 00 00 02 00 00 00 03 00 00 00 68 89 01 00 00 02 00 00 48 42"),
                expect("0a"), send("11 03 00 00 00 00"));
        assertThat(dev.status().readyBytes()).isEqualTo(13_440);
        var i = dev.info();
        assertThat(i.serial()).isEqualTo("QC0000000217");
        assertThat(i.firmwareVersionString()).isEqualTo("5.14");
        assertThat(dev.config()).isEqualTo(QccConfig.typical());
        var s = dev.statistics();
        assertThat(s.generatedBytes()).isEqualTo(4096);
        assertThat(s.speedBitsPerSecond()).isEqualTo(100_712);
        QccStatus afterReset = dev.reset();
        assertThat(afterReset.startupTestInProgress()).isTrue();
        assertThat(afterReset.healthy()).isFalse();
        assertThat(dev.lastStatus()).isEqualTo(afterReset);
        peer.awaitDone();
        assertThat(trace).contains("→ GET_STATUS 01", "← ACK 01 80 34 00 00");
    }

    @Test
    void nackIsTypedAndTheNextCommandWorks() throws Exception {
        peer.run(expect("08 00 00 00 00 00 00 00 00 00 00 00 00"), send("12"), expect("01"), send("11 " + OK));
        QccConfig zero = new QccConfig(Postprocess.SHA256, 0f, false, false, false, false, false, false, 0, 0, 0, 0, 0);
        assertThatThrownBy(() -> dev.setConfig(zero)).isInstanceOf(QccNackException.class)
                .hasMessage("device answered NACK to SET_CONFIG (0x08)");
        assertThat(dev.status().initialized()).isTrue();
        peer.awaitDone();
    }

    @Test
    void unexpectedByteIsAProtocolErrorAndTheLineIsDrainedAndStoppedBeforeTheNextCommand() throws Exception {
        // A garbage reply whose tail is still arriving when the host gives up on it.
        peer.run(expect("0b"), send("99 01 02"), pause(30), sendRandom(200), pause(30), sendRandom(200),
                expect("05"), send("11 " + OK), expect("01"), send("11 " + OK));
        assertThatThrownBy(() -> dev.info()).isInstanceOf(QccProtocolException.class)
                .hasMessage("unexpected response byte 0x99 to GET_INFO (expected INFO 0x1B)");
        assertThat(dev.status().readyBytes()).isEqualTo(13_440);
        peer.awaitDone();
        assertThat(String.join("\n", trace)).contains("drained").contains("the device sent what was not asked for: sending STOP");
    }

    /**
     * A device left streaming whose output pauses for longer than the drain's silence window (a health
     * failure stops it; on a loaded host the sender may not run): the drain finds silence, yet the
     * unexpected byte was stream data, so the next command is preceded by a STOP, whose ACK comes after
     * the rest of the stream, and is not answered with a NACK in the stream.
     */
    @Test
    void aStreamThatPausesLongerThanTheSilenceWindowIsStoppedAfterAnUnexpectedByte() throws Exception {
        peer.run(expect("01"), send("d0 07 3a"), pause(200), expect("05"), sendRandom(500), send("11 " + OK),
                expect("01"), send("11 " + OK));
        assertThatThrownBy(() -> dev.status()).isInstanceOf(QccProtocolException.class)
                .hasMessage("unexpected response byte 0xD0 to GET_STATUS (expected ACK 0x11)");
        assertThat(dev.status().readyBytes()).isEqualTo(13_440);
        peer.awaitDone();
    }

    @Test
    void aTimeoutAloneIsDrainedWithoutAStop() throws Exception {
        peer.run(expect("01"), pause(450), expect("01"), send("11 " + OK));
        assertThatThrownBy(() -> dev.status()).isInstanceOf(QccTimeoutException.class);
        assertThat(dev.status().readyBytes()).isEqualTo(13_440);
        peer.awaitDone();
        assertThat(String.join("\n", trace)).doesNotContain("sending STOP");
    }

    @Test
    void staleInputIsDiscardedBeforeACommand() throws Exception {
        peer.run(sendRandom(3000), pause(100), expect("01"), send("11 " + OK));
        Thread.sleep(50);
        // The stale random bytes would otherwise be read as the reply.
        assertThat(dev.status().readyBytes()).isEqualTo(13_440);
        peer.awaitDone();
    }

    @Test
    void silentDeviceTimesOutAtTheResponseDeadline() throws Exception {
        peer.run(expect("09"), expectSilence(10));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> dev.statistics()).isInstanceOf(QccTimeoutException.class)
                .hasMessageContaining("GET_STATISTICS: no response: timed out after 400 ms with 0 of 31 bytes");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).isBetween(400L, 600L);
        peer.awaitDone();
    }

    @Test
    void stalledPayloadTimesOutWithTheCountReceived() throws Exception {
        peer.run(expect("07"), send("17 00 00 00"), pause(800));
        assertThatThrownBy(() -> dev.config()).isInstanceOf(QccTimeoutException.class)
                .satisfies(e -> assertThat(((QccTimeoutException) e).received()).isEqualTo(4))
                .hasMessageContaining("4 of 13 bytes");
        peer.awaitDone();
    }

    @Test
    void oneShotReturnsDataAndStatus() throws Exception {
        peer.run(expect("04 01 20 00"), send("11 " + OK), sendRandom(32));
        byte[] out = new byte[40];
        QccStatus s = dev.oneShot(out, 4, 32);
        assertThat(s.readyBytes()).isEqualTo(13_440);
        assertThat(java.util.Arrays.copyOfRange(out, 4, 36)).isNotEqualTo(new byte[32]);
        peer.awaitDone();
        assertThatThrownBy(() -> dev.oneShot(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dev.oneShot(65_536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stalledOneShotTimesOutAtItsDataDeadlineAndWipesThePartialData() throws Exception {
        // 1000 bytes: deadline 400 ms + 1000 / 10,000 B/s = 500 ms.
        byte[] half = new byte[500];
        java.util.Arrays.fill(half, (byte) 0x5A);
        peer.run(expect("04 01 e8 03"), send("11 " + OK), send(half), pause(700), expect("01"), send("11 " + OK));
        byte[] out = new byte[1000];
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> dev.oneShot(out, 0, 1000)).isInstanceOf(QccTimeoutException.class)
                .hasMessageContaining("506 of 1006 bytes");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).isBetween(500L, 700L);
        assertThat(out).containsOnly((byte) 0);
        assertThat(dev.status().initialized()).isTrue();
        peer.awaitDone();
    }

    @Test
    void stopFindsTheAckAsTheLastSixBytesAfterStreamData() throws Exception {
        peer.run(expect("04 00 00 00"), send("11 " + OK), streamUntilStop(448, 2, "01 00 00 00 00"),
                expect("01"), send("11 " + OK));
        dev.startContinuous();
        assertThat(dev.streaming()).isTrue();
        byte[] data = dev.readContinuous(10_000);
        assertThat(data).isNotEqualTo(new byte[10_000]);
        assertThatThrownBy(() -> dev.status()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("continuous mode is running");
        Thread.sleep(100); // the host stops reading: data piles up in flight
        QccStatus s = dev.stop();
        assertThat(s.readyBytes()).isZero();
        assertThat(dev.streaming()).isFalse();
        assertThat(dev.status().readyBytes()).isEqualTo(13_440);
        peer.awaitDone();
    }

    @Test
    void stopWhenIdleAnswersAndCostsOneSilenceWindow() throws Exception {
        peer.run(expect("05"), send("11 " + OK));
        long t0 = System.nanoTime();
        assertThat(dev.stop().readyBytes()).isEqualTo(13_440);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).isBetween(60L, 400L);
        peer.awaitDone();
    }

    @Test
    void stopWithoutAnswerTimesOut() throws Exception {
        peer.run(expect("05"), expectSilence(10));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> dev.stop()).isInstanceOf(QccTimeoutException.class).hasMessageContaining("STOP: no response");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).isBetween(400L, 600L);
        peer.awaitDone();
    }

    @Test
    void stopWhoseEndIsNotAnAckIsAProtocolError() throws Exception {
        peer.run(expect("05"), send("11 01 02 03 04 05 06 07"));
        assertThatThrownBy(() -> dev.stop()).isInstanceOf(QccProtocolException.class)
                .hasMessageContaining("8 bytes arrived but they do not end in ACK + status");
        peer.awaitDone();
    }

    @Test
    void stopNack() throws Exception {
        peer.run(expect("05"), send("12"));
        assertThatThrownBy(() -> dev.stop()).isInstanceOf(QccNackException.class);
        peer.awaitDone();
    }

    @Test
    void readRandomDetectsTheNackPolicyAndCapsAtTheReadyPool() throws Exception {
        peer.run(
                expect("01"), send("11 01 80 34 00 00"),                // status first: not known yet
                expect("04 01 b0 36"), send("12"),                      // 14000 > ready: NACK
                expect("01"), send("11 01 80 34 00 00"),                // ready 13440
                expect("04 01 80 34"), send("11 01 80 34 00 00"), sendRandom(13_440),
                expect("01"), send("11 01 c0 01 00 00"),                // pool drained; 448 ready
                expect("04 01 c0 01"), send("11 01 c0 01 00 00"), sendRandom(448),
                expect("01"), send("11 01 c0 01 00 00"),
                expect("04 01 70 00"), send("11 01 c0 01 00 00"), sendRandom(112));
        byte[] out = new byte[14_000];
        dev.readRandom(out, 0, out.length, QccDevice.StatusCheck.HEALTHY);
        peer.awaitDone();
    }

    @Test
    void readRandomRefusesAnUnhealthyStatusAndWipesThatChunk() throws Exception {
        peer.run(expect("01"), send("11 " + OK), expect("04 01 40 00"), send("11 41 80 34 00 00"), sendRandom(64));
        byte[] out = new byte[64];
        assertThatThrownBy(() -> dev.readRandom(out, 0, 64, QccDevice.StatusCheck.HEALTHY))
                .isInstanceOf(QccUnhealthyException.class)
                .hasMessage("device is not healthy: repetition-count health test failure");
        assertThat(out).containsOnly((byte) 0);
        peer.awaitDone();
    }

    @Test
    void readRandomExplainsAStallByTheStatus() throws Exception {
        peer.run(expect("01"), send("11 " + OK), expect("04 01 40 00"), send("11 01 80 34 00 00"), pause(450),
                expect("01"), send("11 a1 00 00 00 00"));
        assertThatThrownBy(() -> dev.readRandom(new byte[64], 0, 64, QccDevice.StatusCheck.HEALTHY))
                .isInstanceOf(QccUnhealthyException.class)
                .hasMessageContaining("bit-count health test failure, adaptive-proportion health test failure")
                .hasCauseInstanceOf(QccTimeoutException.class);
        peer.awaitDone();
    }

    @Test
    void updateConfigIsReadModifyWriteAndChecksTheReadBack() throws Exception {
        String typical = "00 00 00 00 3f 0f 04 40 c0 01 00 08";
        String raw = "01 00 00 00 3f 0f 04 40 c0 01 00 08";
        peer.run(expect("07"), send("17 " + typical), expect("08 " + raw), send("11 " + OK), expect("07"), send("17 " + raw),
                expect("07"), send("17 " + typical), expect("08 " + raw), send("11 " + OK), expect("07"), send("17 " + typical));
        assertThat(dev.updateConfig(c -> c.withPostprocess(Postprocess.RAW_NOISE)).postprocess()).isEqualTo(Postprocess.RAW_NOISE);
        assertThatThrownBy(() -> dev.updateConfig(c -> c.withPostprocess(Postprocess.RAW_NOISE)))
                .isInstanceOf(QccProtocolException.class).hasMessageContaining("device stored a different configuration");
        peer.awaitDone();
    }

    @Test
    void firmwareUpdateSendsChunksFromTheDevicesRemainingAndRetriesRejectedOnes() throws Exception {
        byte[] image = new byte[2500];
        new java.util.Random(7).nextBytes(image);
        List<byte[]> chunks = new ArrayList<>();
        peer.run(
                expect("40 c4 09 00 00"), send("43 00 c4 09 00 00"),
                expectFrame(1028, chunks::add), send("43 06 c4 09 00 00"),     // ERR_INVALID: not counted
                expectFrame(1028, chunks::add), send("43 01 c4 05 00 00"),     // 1476 left
                expectFrame(1028, chunks::add), send("43 01 c4 01 00 00"),     // 452 left
                expectFrame(1028, chunks::add), send("43 02 00 00 00 00"));
        List<Long> progress = new ArrayList<>();
        dev.updateFirmware(image, (sent, total) -> progress.add(sent));
        peer.awaitDone();
        assertThat(chunks.get(0)).isEqualTo(chunks.get(1));
        assertThat(progress).containsExactly(0L, 1024L, 2048L, 2500L);
        byte[] last = chunks.get(3);
        assertThat(last[1] & 0xFF | (last[2] & 0xFF) << 8).isEqualTo(452);
        assertThat(java.util.Arrays.copyOfRange(last, 3, 3 + 452)).isEqualTo(java.util.Arrays.copyOfRange(image, 2048, 2500));
        int sum = 0;
        for (int i = 2048; i < 2500; i++) {
            sum += image[i] & 0xFF;
        }
        assertThat(last[1027] & 0xFF).isEqualTo(~sum & 0xFF);
    }

    @Test
    void firmwareUpdateFailures() throws Exception {
        peer.run(expect("40 04 00 00 00"), send("43 04 04 00 00 00"));
        assertThatThrownBy(() -> dev.updateFirmware(new byte[4], null)).isInstanceOf(QccUpdateException.class)
                .hasMessageContaining("refused: ERR_MEMORY")
                .satisfies(e -> assertThat(((QccUpdateException) e).status()).isEqualTo(UpdateStatus.ERR_MEMORY));
        peer.awaitDone();
        peer.run(expect("40 04 00 00 00"), send("43 00 04 00 00 00"), expectFrame(1028, f -> { }), send("43 05 00 00 00 00"));
        assertThatThrownBy(() -> dev.updateFirmware(new byte[4], null)).isInstanceOf(QccUpdateException.class)
                .hasMessageContaining("ERR_VERIFICATION");
        peer.awaitDone();
        peer.run(expect("40 04 00 00 00"), send("43 00 04 00 00 00"), expectFrame(1028, f -> { }), send("43 01 04 00 00 00"));
        assertThatThrownBy(() -> dev.updateFirmware(new byte[4], null)).isInstanceOf(QccProtocolException.class)
                .hasMessageContaining("still expects 4 bytes");
        peer.awaitDone();
        assertThatThrownBy(() -> dev.updateFirmware(new byte[0], null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashTestFollowsTheVendorSequence() throws Exception {
        byte[] data = new byte[1500];
        new java.util.Random(1).nextBytes(data);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
        List<byte[]> frames = new ArrayList<>();
        peer.run(expect("23"), send(concat(hex("24"), new byte[32])), expect("20"), send("21"),
                expectFrame(1027, frames::add), send("21"), expectFrame(1027, frames::add), send("21"),
                expect("23"), send(concat(hex("24"), digest)));
        HashTestResult r = dev.hashTest(data);
        peer.awaitDone();
        assertThat(r.matches()).isTrue();
        assertThat(r.length()).isEqualTo(1500);
        assertThat(frames.get(1)[1] & 0xFF | (frames.get(1)[2] & 0xFF) << 8).isEqualTo(476);
    }

    @Test
    void customCommand() throws Exception {
        byte[] key = new byte[64];
        key[0] = 7;
        peer.run(expect("f7"), send(concat(hex("f9"), key)), expect("f3 01 02"), send("12"));
        assertThat(dev.command(0xF7, new byte[0], 0xF9, 64)).isEqualTo(key);
        assertThatThrownBy(() -> dev.command(0xF3, new byte[] {1, 2}, 0xF8, 0)).isInstanceOf(QccNackException.class)
                .hasMessageContaining("command 0xF3");
        assertThatThrownBy(() -> dev.command(0xF3, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dev.command(0x04, new byte[3])).isInstanceOf(IllegalArgumentException.class);
        peer.awaitDone();
    }

    @Test
    void knownCommandThroughTheGenericCall() throws Exception {
        peer.run(expect("01"), send("11 " + OK));
        assertThat(dev.command(0x01, new byte[0])).containsExactly(hex(OK));
        peer.awaitDone();
    }

    @Test
    void continuousInputStreamStartsAndStops() throws Exception {
        peer.run(expect("04 00 00 00"), send("11 " + OK), streamUntilStop(100, 1, OK));
        byte[] got;
        try (InputStream in = dev.continuousStream()) {
            got = in.readNBytes(5000);
        }
        assertThat(got).hasSize(5000);
        assertThat(dev.streaming()).isFalse();
        peer.awaitDone();
    }

    @Test
    void awaitReadyPollsUntilTheStartupTestEnds() throws Exception {
        peer.run(expect("01"), send("11 03 00 00 00 00"), expect("01"), send("11 03 00 00 00 00"), expect("01"), send("11 " + OK));
        assertThat(dev.awaitReady(Duration.ofSeconds(2)).startupTestInProgress()).isFalse();
        peer.awaitDone();
        // As many polls as fit in 100 ms (timing-dependent), each answered "startup test running".
        ScriptedPeer.Step[] answers = new ScriptedPeer.Step[20];
        for (int i = 0; i < answers.length; i += 2) {
            answers[i] = expect("01");
            answers[i + 1] = send("11 02 00 00 00 00");
        }
        peer.run(answers);
        assertThatThrownBy(() -> dev.awaitReady(Duration.ofMillis(100))).isInstanceOf(QccTimeoutException.class)
                .hasMessage("device not ready after 100 ms: not initialized, startup test in progress");
    }

    @Test
    void hangUpIsDisconnected() throws Exception {
        peer.run(expect("01"));
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                peer.awaitDone();
                peer.hangUp();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertThatThrownBy(() -> dev.status()).isInstanceOf(QccDisconnectedException.class)
                .hasMessageContaining("closed the connection");
        t.join();
    }

    @Test
    void closedDeviceRefusesCalls() throws Exception {
        dev.close();
        assertThatThrownBy(() -> dev.status()).isInstanceOf(QccDisconnectedException.class).hasMessage("device is closed");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @SuppressWarnings("unused")
    private static String hexOf(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
