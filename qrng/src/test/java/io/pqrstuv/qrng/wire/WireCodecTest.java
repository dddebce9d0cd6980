package io.pqrstuv.qrng.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.qrng.error.QccProtocolException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The wire examples of notes §1.2, byte for byte, and malformed payloads. */
class WireCodecTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    @Test
    void getStatusExample() throws Exception {
        assertThat(Frames.simple(Command.GET_STATUS)).containsExactly(hex("01"));
        byte[] reply = hex("11 01 80 34 00 00");
        assertThat(reply[0] & 0xFF).isEqualTo(Codes.ACK);
        QccStatus s = QccStatus.decode(java.util.Arrays.copyOfRange(reply, 1, 6));
        assertThat(s.initialized()).isTrue();
        assertThat(s.startupTestInProgress()).isFalse();
        assertThat(s.readyBytes()).isEqualTo(13_440);
        assertThat(s.healthy()).isTrue();
        assertThat(s.encode()).containsExactly(hex("01 80 34 00 00"));
    }

    @Test
    void startExamples() {
        assertThat(Frames.oneShot(32)).containsExactly(hex("04 01 20 00"));
        assertThat(Frames.startContinuous()).containsExactly(hex("04 00 00 00"));
        assertThat(Frames.oneShot(65_535)).containsExactly(hex("04 01 ff ff"));
    }

    @Test
    void signedReadAndRebootExamples() {
        assertThat(Frames.signedRead(32)).containsExactly(hex("51 20 00"));
        assertThat(Frames.reboot()).containsExactly(hex("f8 a1 25"));
    }

    @Test
    void setConfigExample() throws Exception {
        byte[] frame = hex("08 00 00 00 80 3f 03 04 40 c0 01 00 08");
        QccConfig c = QccConfig.decode(java.util.Arrays.copyOfRange(frame, 1, frame.length));
        assertThat(c.postprocess()).isEqualTo(Postprocess.SHA256);
        assertThat(c.initialLevel()).isEqualTo(1.0f);
        assertThat(c.startupTest()).isTrue();
        assertThat(c.autoCalibration()).isTrue();
        assertThat(c.repetitionCount()).isFalse();
        assertThat(c.adaptiveProportion()).isFalse();
        assertThat(c.bitCount()).isFalse();
        assertThat(c.generateOnError()).isFalse();
        assertThat(c.nLsbits()).isEqualTo(4);
        assertThat(c.hashInputSize()).isEqualTo(64);
        assertThat(c.blockSize()).isEqualTo(448);
        assertThat(c.autocalibrationTarget()).isEqualTo(2048);
        assertThat(Frames.setConfig(c)).containsExactly(frame);
    }

    @Test
    void typicalConfigIsTheSdkVector() {
        assertThat(QccConfig.typical().encode()).containsExactly(hex("00 00 00 00 3f 0f 04 40 c0 01 00 08"));
    }

    @Test
    void configWithersChangeOneFieldAndKeepUnusedBits() throws Exception {
        QccConfig c = QccConfig.decode(hex("01 00 00 c8 42 c0 08 20 00 10 ff ff"));
        assertThat(c.postprocess()).isEqualTo(Postprocess.RAW_NOISE);
        assertThat(c.initialLevel()).isEqualTo(100f);
        assertThat(c.unusedFlagBits()).isEqualTo(3);
        QccConfig d = c.withPostprocess(Postprocess.SHA256).withGenerateOnError(true).withBlockSize(448);
        assertThat(d.encode()).containsExactly(hex("00 00 00 c8 42 e0 08 20 c0 01 ff ff"));
        assertThat(c.withBitCount(true).flags()).isEqualTo((byte) 0xD0);
    }

    @Test
    void statisticsDecode() throws Exception {
        byte[] p = hex("01 02 00 00 00 00 00 80 05 00 00 00 06 00 00 00 07 00 00 00 68 89 01 00 34 12 00 00 48 42");
        QccStatistics s = QccStatistics.decode(p);
        assertThat(s.generatedBytes()).isEqualTo(0x8000_0000_0000_0201L); // unsigned u64, top bit set
        assertThat(Long.toUnsignedString(s.generatedBytes())).isEqualTo("9223372036854776321");
        assertThat(s.repetitionCountFailures()).isEqualTo(5);
        assertThat(s.adaptiveProportionFailures()).isEqualTo(6);
        assertThat(s.bitcountFailures()).isEqualTo(7);
        assertThat(s.speedBitsPerSecond()).isEqualTo(100_712);
        assertThat(s.sensifAverage()).isEqualTo(0x1234);
        assertThat(s.ledctrlLevel()).isEqualTo(50f);
        assertThat(s.encode()).containsExactly(p);
    }

    @Test
    void infoDecodeWithFullLengthSerialAndRealValues() throws Exception {
        byte[] p = new byte[56];
        System.arraycopy(hex("0c 00 01 00 0e 00 05 00"), 0, p, 0, 8);
        byte[] serial = "QC0000000217ABCDEFGHIJKL".getBytes(java.nio.charset.StandardCharsets.US_ASCII); // 24, no NUL
        System.arraycopy(serial, 0, p, 8, 24);
        byte[] hw = "CICADA-QRNG-1.1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(hw, 0, p, 32, hw.length);
        p[32 + hw.length + 1] = (byte) 0xEE; // garbage after the terminating NUL is not text
        QccInfo i = QccInfo.decode(p);
        assertThat(i.coreVersion()).isEqualTo(0x0001000C);
        assertThat(i.firmwareVersionString()).isEqualTo("5.14");
        assertThat(i.coreVersionString()).isEqualTo("1.12");
        assertThat(i.serial()).isEqualTo("QC0000000217ABCDEFGHIJKL");
        assertThat(i.hardwareInfo()).isEqualTo("CICADA-QRNG-1.1");
        assertThat(i.firmwareAtLeast(5, 13)).isTrue();
        assertThat(i.firmwareAtLeast(5, 15)).isFalse();
    }

    @Test
    void updateResponseAndChecksum() throws Exception {
        UpdateResponse r = UpdateResponse.decode(hex("01 00 04 00 00"));
        assertThat(r.status()).isEqualTo(UpdateStatus.TRANSFER_IN_PROGRESS);
        assertThat(r.remaining()).isEqualTo(1024);
        assertThat(r.encode()).containsExactly(hex("01 00 04 00 00"));
        assertThat(Checksum8.of(new byte[0])).isEqualTo(0xFF);
        assertThat(Checksum8.of(hex("01"))).isEqualTo(0xFE);
        assertThat(Checksum8.of(hex("80 7f"))).isEqualTo(0x00);
        assertThat(Checksum8.of(hex("ff 01"))).isEqualTo(0xFF);
    }

    @Test
    void updateFramesHaveFixedLengthAndChecksumAtOffset1026() {
        assertThat(Frames.updateInit(70_000)).containsExactly(hex("40 70 11 01 00"));
        byte[] f = Frames.updateChunk(hex("aa 80 7f"), 1, 2);
        assertThat(f).hasSize(1 + 1027);
        assertThat(f[0]).isEqualTo((byte) 0x41);
        assertThat(java.util.Arrays.copyOfRange(f, 1, 5)).containsExactly(hex("02 00 80 7f"));
        for (int i = 5; i < 1027; i++) {
            assertThat(f[i]).as("padding at %d", i).isZero();
        }
        assertThat(f[1027]).isEqualTo((byte) 0x00); // checksum of 80 7f at payload offset 1026
        byte[] empty = Frames.updateChunk(new byte[0], 0, 0);
        assertThat(empty[1027]).isEqualTo((byte) 0xFF);
    }

    @Test
    void hashAccumulateFrame() {
        byte[] f = Frames.hashTestAccumulate("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 3);
        assertThat(f).hasSize(1 + 1026);
        assertThat(java.util.Arrays.copyOfRange(f, 0, 6)).containsExactly(hex("22 03 00 61 62 63"));
    }

    @Test
    void certificateBlobExample() throws Exception {
        byte[] key = new byte[64];
        for (int i = 0; i < 64; i++) {
            key[i] = (byte) (i + 1);
        }
        byte[] blob = DeviceCertificateBlob.of(new QccInfo(1, 0x0005000E, "QC0000000217", "CICADA-QRNG-1.1"), key);
        assertThat(blob).hasSize(72);
        assertThat(java.util.Arrays.copyOf(blob, 8)).containsExactly(hex("00 00 01 01 d9 00 00 00"));
        assertThat(java.util.Arrays.copyOfRange(blob, 8, 72)).containsExactly(key);
    }

    @Test
    void setCertificateFrameIsTheProposal() {
        byte[] cert = new byte[64];
        cert[0] = 1;
        cert[63] = 2;
        byte[] f = Frames.setDeviceCertificate(0xFA, cert, true);
        assertThat(f).hasSize(68);
        assertThat(java.util.Arrays.copyOf(f, 4)).containsExactly(hex("fa a1 25 01"));
        assertThat(f[66]).isEqualTo((byte) 2);
        assertThat(f[67]).isEqualTo((byte) 1);
        assertThat(Frames.setDeviceCertificate(0xFA, cert, false)[67]).isZero();
    }

    // ---- malformed input -------------------------------------------------------------------

    @Test
    void wrongLengthsAreProtocolErrors() {
        assertThatThrownBy(() -> QccStatus.decode(new byte[4])).isInstanceOf(QccProtocolException.class)
                .hasMessageContaining("status must be 5 bytes, got 4");
        assertThatThrownBy(() -> QccConfig.decode(new byte[1])).isInstanceOf(QccProtocolException.class)
                .hasMessageContaining("config must be 12 bytes");
        assertThatThrownBy(() -> QccStatistics.decode(new byte[24])).isInstanceOf(QccProtocolException.class)
                .hasMessageContaining("statistics must be 30 bytes, got 24");
        assertThatThrownBy(() -> QccInfo.decode(new byte[57])).isInstanceOf(QccProtocolException.class);
        assertThatThrownBy(() -> UpdateResponse.decode(new byte[0])).isInstanceOf(QccProtocolException.class);
    }

    @Test
    void unknownEnumValuesAreProtocolErrors() {
        assertThatThrownBy(() -> QccConfig.decode(hex("03 00 00 00 3f 0f 04 40 c0 01 00 08")))
                .isInstanceOf(QccProtocolException.class).hasMessageContaining("postprocess 3");
        assertThatThrownBy(() -> UpdateResponse.decode(hex("07 00 00 00 00")))
                .isInstanceOf(QccProtocolException.class).hasMessageContaining("update status 7");
    }

    @Test
    void nonPrintableInfoTextIsAProtocolError() {
        byte[] p = new byte[56];
        p[8] = 'Q';
        p[9] = 0x07;
        assertThatThrownBy(() -> QccInfo.decode(p)).isInstanceOf(QccProtocolException.class)
                .hasMessageContaining("serial has a non-printable byte 0x07 at offset 1");
        byte[] q = new byte[56];
        q[32] = (byte) 0xC3;
        assertThatThrownBy(() -> QccInfo.decode(q)).isInstanceOf(QccProtocolException.class)
                .hasMessageContaining("hw_info");
    }

    @Test
    void blobRefusesInfoItCannotEncode() {
        byte[] key = new byte[64];
        assertThatThrownBy(() -> DeviceCertificateBlob.of(new QccInfo(1, 1, "QC1", "FIREFLY-1.0"), key))
                .isInstanceOf(QccProtocolException.class).hasMessageContaining("CICADA-QRNG-<major>.<minor>");
        assertThatThrownBy(() -> DeviceCertificateBlob.of(new QccInfo(1, 1, "QC1", "CICADA-QRNG-256.0"), key))
                .isInstanceOf(QccProtocolException.class).hasMessageContaining("0..255");
        assertThatThrownBy(() -> DeviceCertificateBlob.of(new QccInfo(1, 1, "XY0001", "CICADA-QRNG-1.1"), key))
                .isInstanceOf(QccProtocolException.class).hasMessageContaining("QC<digits>");
        assertThatThrownBy(() -> DeviceCertificateBlob.of(new QccInfo(1, 1, "QC4294967296", "CICADA-QRNG-1.1"), key))
                .isInstanceOf(QccProtocolException.class).hasMessageContaining("32 bits");
        assertThatThrownBy(() -> DeviceCertificateBlob.of(new QccInfo(1, 1, "QC1", "CICADA-QRNG-1.1"), new byte[65]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void frameBuildersRefuseOutOfRangeArguments() {
        assertThatThrownBy(() -> Frames.oneShot(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> Frames.oneShot(65_536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frames.signedRead(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frames.updateChunk(new byte[1025], 0, 1025)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frames.hashTestAccumulate(new byte[1025], 0, 1025)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frames.updateInit(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frames.of(Command.SET_CONFIG, new byte[11])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12-byte payload");
        assertThatThrownBy(() -> Frames.raw(256, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QccConfig(Postprocess.SHA256, 1f, true, true, true, true, true, true, 0, 256, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n_lsbits");
        assertThatThrownBy(() -> new QccInfo(1, 1, "x".repeat(25), "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void postprocessCliNames() {
        assertThat(Postprocess.parse("sha256")).isEqualTo(Postprocess.SHA256);
        assertThat(Postprocess.parse("RAW_NOISE")).isEqualTo(Postprocess.RAW_NOISE);
        assertThat(Postprocess.parse("raw-samples")).isEqualTo(Postprocess.RAW_SAMPLES);
        assertThat(Postprocess.parse("2")).isEqualTo(Postprocess.RAW_SAMPLES);
        assertThatThrownBy(() -> Postprocess.parse("md5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandTableNamesCustomSpace() {
        assertThat(Codes.isCustom(0xF7)).isTrue();
        assertThat(Codes.isCustom(0x51)).isFalse();
        assertThat(Command.byCode(0x41)).contains(Command.UPDATE_CHUNK);
        assertThat(Command.byCode(0x02)).isEmpty();
        assertThat(Codes.commandName(0x33)).isEqualTo("command 0x33");
    }
}
