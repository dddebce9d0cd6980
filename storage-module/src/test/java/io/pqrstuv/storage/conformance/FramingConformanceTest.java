package io.pqrstuv.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.storage.testing.IcpClient;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checklist §1.2 framing as seen from the wire, and the framing rows of §1.3 (ICP-PAY-9). */
class FramingConformanceTest extends ConformanceBase {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final String PRE = "00000000505152535455560000000000";
    private static final String TRL = "FFFFFFFF4352595054414E45FFFFFFFF";
    static final String CHECKSUM_FAIL = PRE + "00000006FFFFFFFFFF045A2E3A7B" + TRL;
    static final String CMD_REJECTED = PRE + "00000006FFFFFFFFFF052D290AED" + TRL;

    private String replyFrameHex() {
        byte[] p = client.awaitPayload(Duration.ofSeconds(10));
        assertThat(p).as("a reply").isNotNull();
        return HEX.formatHex(Frames.encode(p));
    }

    @Test
    void pingVectorGetsTheExactVectorReply() {
        client.sendRaw(HEX.parseHex(PRE + "0000001C0000000000000000000000000000000000000000015051525354555 6FBC7AAFB".replace(" ", "") + TRL));
        assertThat(replyFrameHex()).isEqualTo(PRE + "0000000D00000000010050515253545556" + "3873401B" + TRL);
    }

    @Test
    void getInfoAndInitVectorsSucceed() {
        client.sendRaw(HEX.parseHex(PRE + "00000015000000000000000000000000000000000000000000" + "0BB1B30E" + TRL));
        ResponsePayload info = client.await();
        assertThat(info.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(info.command()).isEqualTo(0x00);
        client.sendRaw(HEX.parseHex(PRE + "00000015000000000000000000000000000000000000000002" + "E5BFD222" + TRL));
        ResponsePayload init = client.await();
        assertThat(init.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(init.session()).isEqualTo(0);
        assertThat(init.data()).hasSize(20);
    }

    @Test
    void flippedPayloadBitGetsTheExactChecksumFailFrame() {
        byte[] frame = Frames.encode(RequestPayload.unauthenticated(Command.PING, new byte[] {1, 2, 3}).encode());
        frame[30] ^= 0x01;
        client.sendRaw(frame);
        assertThat(replyFrameHex()).isEqualTo(CHECKSUM_FAIL);
    }

    @Test
    void byteSwappedCrcGetsChecksumFail() {
        byte[] frame = Frames.encode(RequestPayload.unauthenticated(Command.GET_INFO, NONE).encode());
        int at = frame.length - 20;
        byte t = frame[at];
        frame[at] = frame[at + 3];
        frame[at + 3] = t;
        client.sendRaw(frame);
        assertThat(replyFrameHex()).isEqualTo(CHECKSUM_FAIL);
    }

    @Test
    void oversizeLengthGetsTheExactCmdRejectedFrameAndTheLinkRecovers() {
        // Length 49,961: rejected as soon as the length is read (D-4), before any payload byte.
        client.sendRaw(HEX.parseHex(PRE + "0000C329"));
        assertThat(replyFrameHex()).isEqualTo(CMD_REJECTED);
        client.sendRaw(random(300)); // the rest of the oversize frame is noise
        assertThat(client.unauthenticated(Command.PING, new byte[] {9}).data()).containsExactly(9);
    }

    @Test
    void misplacedTrailerGetsChecksumFail() {
        byte[] frame = Frames.encode(RequestPayload.unauthenticated(Command.GET_INFO, NONE).encode());
        frame[frame.length - 5] ^= 0x10;
        client.sendRaw(frame);
        assertThat(replyFrameHex()).isEqualTo(CHECKSUM_FAIL);
    }

    @Test
    void badPreambleGetsNoReplyAndTheNextFrameIsAnswered() {
        byte[] frame = Frames.encode(RequestPayload.unauthenticated(Command.PING, new byte[] {7}).encode());
        frame[5] ^= 0x01;
        client.sendRaw(frame);
        client.expectSilence(Duration.ofSeconds(2));
        assertThat(client.unauthenticated(Command.PING, new byte[] {8}).data()).containsExactly(8);
    }

    @Test
    void noiseBeforeAFrameIsIgnored() {
        byte[] noise = random(100);
        for (int i = 0; i < noise.length; i++) {
            noise[i] |= 0x01; // no zero bytes, so no preamble can hide in it
        }
        client.sendRaw(noise);
        assertThat(client.unauthenticated(Command.PING, new byte[] {1, 2}).data()).containsExactly(1, 2);
        client.expectSilence(Duration.ofMillis(500));
    }

    @Test
    void shortPayloadGetsInvalidSyntaxOnTheFramingSession() {
        client.sendRaw(Frames.encode(new byte[] {0, 0, 0, 0, 1}));
        ResponsePayload r = client.await();
        assertThat(r).isEqualTo(ResponsePayload.framingError(ResponseCode.INVALID_SYNTAX));
        client.sendRaw(Frames.encode(new byte[20]));
        assertThat(client.await()).isEqualTo(ResponsePayload.framingError(ResponseCode.INVALID_SYNTAX));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 255, 256, 20_000})
    void pingEchoesEverySize(int size) {
        byte[] data = random(size);
        ResponsePayload r = client.unauthenticated(Command.PING, data);
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(r.session()).isEqualTo(Sessions.UNAUTHENTICATED);
        assertThat(r.data()).isEqualTo(data);
    }

    @Test
    void largestPingFillsAFiftyThousandByteFrame() {
        byte[] data = random(49_939);
        byte[] frame = Frames.encode(RequestPayload.unauthenticated(Command.PING, data).encode());
        assertThat(frame).hasSize(50_000);
        client.sendRaw(frame);
        assertThat(client.await().data()).isEqualTo(data);
    }

    @Test
    void pingWithMarkerBytesInsideIsEchoedIntact() {
        byte[] data = HEX.parseHex(TRL + PRE + TRL + "00");
        assertThat(client.unauthenticated(Command.PING, data).data()).isEqualTo(data);
    }

    @Test
    void backToBackFramesAreAnsweredInOrder() {
        byte[] all = new byte[0];
        for (int i = 1; i <= 3; i++) {
            all = concat(all, Frames.encode(RequestPayload.unauthenticated(Command.PING, new byte[] {(byte) i}).encode()));
        }
        client.sendRaw(all);
        for (int i = 1; i <= 3; i++) {
            assertThat(client.await().data()).containsExactly(i);
        }
    }

    @Test
    @Tag("slow")
    void halfAFrameThenSilenceGetsChecksumFailAndTheLinkRecovers() {
        byte[] frame = Frames.encode(RequestPayload.unauthenticated(Command.PING, random(40)).encode());
        client.sendRaw(java.util.Arrays.copyOf(frame, frame.length / 2));
        byte[] reply = client.awaitPayload(Duration.ofSeconds(5));
        assertThat(reply).isNotNull();
        assertThat(HEX.formatHex(Frames.encode(reply))).isEqualTo(CHECKSUM_FAIL);
        assertThat(client.unauthenticated(Command.PING, new byte[] {3}).data()).containsExactly(3);
    }

    @Test
    @Tag("slow")
    void lengthOneTooLargeGetsChecksumFail() {
        byte[] frame = Frames.encode(RequestPayload.unauthenticated(Command.PING, new byte[] {1, 2, 3}).encode());
        frame[19]++;
        client.sendRaw(frame);
        byte[] reply = client.awaitPayload(Duration.ofSeconds(5));
        assertThat(reply).isNotNull();
        assertThat(HEX.formatHex(Frames.encode(reply))).isEqualTo(CHECKSUM_FAIL);
    }

    @Test
    void corruptedAndOversizeFramesMidSessionLeaveTheSessionUsable() {
        IcpClient.Session s = client.init();
        byte[] good = Frames.encode(s.request(DEFAULT_SECRET, Command.KEY_LST, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xD0}).encode());
        byte[] bad = good.clone();
        bad[40] ^= 0x40;
        client.sendRaw(bad);
        assertThat(replyFrameHex()).isEqualTo(CHECKSUM_FAIL);
        client.sendRaw(HEX.parseHex(PRE + "FFFFFFFF"));
        assertThat(replyFrameHex()).isEqualTo(CMD_REJECTED);
        // The corrupted frame was never accepted, so the session is still AW (D-48).
        client.sendRaw(good);
        ResponsePayload r = client.await();
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(r.session()).isEqualTo(s.id());
        assertThat(r.data()).containsExactly(0, 0, 0, 0);
    }
}
