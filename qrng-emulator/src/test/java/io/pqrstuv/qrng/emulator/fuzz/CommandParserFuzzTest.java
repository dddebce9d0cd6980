package io.pqrstuv.qrng.emulator.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pqrstuv.qrng.emulator.attest.DeviceAttestation;
import io.pqrstuv.qrng.emulator.device.Device;
import io.pqrstuv.qrng.emulator.device.FaultState;
import io.pqrstuv.qrng.emulator.device.HostLink;
import io.pqrstuv.qrng.emulator.device.InjectedBytes;
import io.pqrstuv.qrng.emulator.device.Session;
import io.pqrstuv.qrng.emulator.state.Identity;
import io.pqrstuv.qrng.emulator.state.StateStore;
import io.pqrstuv.qrng.emulator.wire.Codes;
import io.pqrstuv.qrng.emulator.wire.CommandTable;
import io.pqrstuv.qrng.emulator.wire.DeviceConfig;
import io.pqrstuv.qrng.emulator.wire.DeviceInfo;
import io.pqrstuv.qrng.emulator.wire.Frame;
import io.pqrstuv.qrng.emulator.wire.FrameParser;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Jazzer target of the QCicada emulator's command parser and command handling: the host's byte
 * stream, cut into fuzzer-chosen reads, goes through {@link FrameParser} and a real {@link Session}
 * on a {@link Device} (unlimited rate, no startup delay), over an in-memory {@link HostLink}.
 * Checks:
 * <ul>
 *   <li>the parser alone conserves bytes: every byte fed is in a frame (code + exactly the table's
 *       payload length; an unknown code is a one-byte frame) or in the pending partial command;
 *   <li>the session never fails on input (no "link failed" from an escaped exception), and every
 *       reply it writes is one the protocol defines: a response code with exactly its payload length
 *       (ACK + 5, CONFIG + 12, INFO + 56, …) or a bare NACK; never more replies than commands;
 *   <li>afterwards a new session on the same device answers GET_STATUS, GET_CONFIG and GET_INFO
 *       correctly: the identity is unchanged and the stored configuration valid.
 * </ul>
 * Regression mode under {@code mvn verify}; {@code scripts/fuzz} fuzzes.
 */
class CommandParserFuzzTest {
    private static final CommandTable TABLE = new CommandTable(Codes.SET_DEV_CERTIFICATE_DEFAULT);
    private static final Map<Integer, Integer> REPLY_LENGTHS = Map.ofEntries(
            Map.entry(Codes.ACK, 5), Map.entry(Codes.NACK, 0), Map.entry(Codes.CONFIG, DeviceConfig.LENGTH),
            Map.entry(Codes.STATISTICS, 30), Map.entry(Codes.INFO, 56), Map.entry(Codes.HASH_TEST_ACK, 0),
            Map.entry(Codes.HASH_TEST_DIGEST_REPLY, Codes.DIGEST_LEN), Map.entry(Codes.UPDATE, 5),
            Map.entry(Codes.SIGNED_READ_REPLY, 0), Map.entry(Codes.DEV_PUB_KEY, Codes.PUBLIC_KEY_LEN),
            Map.entry(Codes.DEV_CERTIFICATE, Codes.SIGNATURE_LEN), Map.entry(Codes.CUSTOM_OK, 0));
    private static final StateStore STORE;
    private static final DeviceInfo INFO;
    private static final DeviceAttestation ATTESTATION;

    static {
        try {
            STORE = StateStore.open(Files.createTempDirectory("qcicada-fuzz"));
            INFO = Identity.loadOrCreate(STORE, "QC0000000042", null);
            ATTESTATION = DeviceAttestation.loadOrCreate(STORE, INFO, false, line -> { });
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The device side of one host connection, fed from a script; answers without waiting. */
    static final class ScriptLink implements HostLink {
        final List<byte[]> reads;
        final List<byte[]> replies = new ArrayList<>();
        long dataBytes;
        private int next;
        private int idle;
        private boolean closed;

        ScriptLink(List<byte[]> reads) {
            this.reads = reads;
        }

        @Override
        public int await(boolean wantDataRoom, int timeoutMillis) {
            if (closed) {
                return CLOSED;
            }
            if (next < reads.size()) {
                return READABLE | (wantDataRoom ? WRITABLE : 0);
            }
            // Input over: let the device send what it has for a while, then the host hangs up.
            return ++idle > 24 ? CLOSED : (wantDataRoom ? WRITABLE : 0);
        }

        @Override
        public int read(byte[] buf) {
            if (next >= reads.size()) {
                return 0;
            }
            byte[] r = reads.get(next++);
            int n = Math.min(r.length, buf.length);
            System.arraycopy(r, 0, buf, 0, n);
            return n;
        }

        @Override
        public void writeReply(byte[] reply) {
            replies.add(reply.clone());
        }

        @Override
        public int writeData(byte[] b, int off, int len) {
            dataBytes += len;
            return len;
        }

        @Override
        public boolean sharedStream() {
            return true;
        }

        @Override
        public String describe() {
            return "fuzz";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @FuzzTest(maxDuration = "60s")
    void emulatorParsesEveryByteStreamAndAnswersInProtocol(FuzzedDataProvider data) throws Exception {
        List<byte[]> reads = new ArrayList<>();
        while (data.remainingBytes() > 0 && reads.size() < 32) {
            reads.add(data.consumeBytes(data.consumeInt(1, 1100)));
        }
        parserConservesBytes(reads);

        Files.deleteIfExists(STORE.path("config.bin"));
        Files.deleteIfExists(STORE.path("firmware.bin"));
        // No fault but the one-shot policy (both kinds of reply); rate 0: unlimited, the pool never empties.
        FaultState faults = new FaultState(0, 0, Duration.ZERO, reads.size() % 2 != 0, false, false);
        Device device = new Device(STORE, INFO, 0, () -> faults, ATTESTATION, InjectedBytes.NONE);
        List<String> log = new ArrayList<>();
        ScriptLink link = new ScriptLink(reads);
        new Session(device, link, TABLE, Duration.ofHours(1).toNanos(), log::add).run();
        assertThat(log).as("session log").noneMatch(l -> l.contains("link failed"));
        long commands = countFrames(reads);
        assertThat((long) link.replies.size()).as("replies vs commands").isLessThanOrEqualTo(commands);
        for (byte[] reply : link.replies) {
            Integer length = REPLY_LENGTHS.get(reply[0] & 0xFF);
            assertThat(length).as("reply code 0x%02X", reply[0] & 0xFF).isNotNull();
            assertThat(reply.length).as("reply 0x%02X", reply[0] & 0xFF).isEqualTo(1 + length);
        }

        ScriptLink probe = new ScriptLink(List.of(new byte[] {Codes.GET_STATUS, Codes.GET_CONFIG, Codes.GET_INFO}));
        new Session(device, probe, TABLE, Duration.ofHours(1).toNanos(), log::add).run();
        assertThat(probe.replies).hasSize(3);
        assertThat(probe.replies.get(0)).hasSize(6).startsWith(Codes.ACK);
        assertThat(probe.replies.get(1)).hasSize(1 + DeviceConfig.LENGTH).startsWith(Codes.CONFIG);
        assertThat(DeviceConfig.of(java.util.Arrays.copyOfRange(probe.replies.get(1), 1, 1 + DeviceConfig.LENGTH))
                .validationError()).isEmpty();
        assertThat(probe.replies.get(2)).hasSize(57).startsWith(Codes.INFO);
        assertThat(java.util.Arrays.copyOfRange(probe.replies.get(2), 1, 57)).isEqualTo(INFO.encode());
        device.close();
    }

    /** Every byte fed is in a frame or in the pending partial command (no time passes here). */
    private static void parserConservesBytes(List<byte[]> reads) {
        FrameParser parser = new FrameParser(TABLE);
        long fed = 0;
        long[] inFrames = {0};
        for (byte[] r : reads) {
            parser.feed(r, 0, r.length, 0, f -> {
                if (f.known()) {
                    assertThat(f.length()).isEqualTo(TABLE.payloadLength(f.code()));
                } else {
                    assertThat(TABLE.isKnown(f.code())).isFalse();
                    assertThat(f.length()).isZero();
                }
                inFrames[0] += 1 + f.length();
            });
            fed += r.length;
            assertThat(inFrames[0]).isLessThanOrEqualTo(fed);
            assertThat(parser.hasPartial()).isEqualTo(inFrames[0] < fed);
        }
        assertThat(parser.droppedPartials()).isZero();
    }

    private static long countFrames(List<byte[]> reads) {
        FrameParser parser = new FrameParser(TABLE);
        long[] n = {0};
        for (byte[] r : reads) {
            parser.feed(r, 0, r.length, 0, (Frame f) -> n[0]++);
        }
        return n[0];
    }
}
