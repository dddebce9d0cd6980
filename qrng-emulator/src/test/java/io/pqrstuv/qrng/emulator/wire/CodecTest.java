package io.pqrstuv.qrng.emulator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The device-side encodings of notes §1.3, byte for byte. */
class CodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void status() {
        assertThat(HEX.formatHex(new Status(Status.INITIALIZED, 13_440).ack())).isEqualTo("110180340000");
        Status s = new Status(0xE3, 0xFFFF_FFFFL);
        assertThat(Status.decode(s.encode(), 0)).isEqualTo(s);
        assertThatThrownBy(() -> new Status(0x100, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Status(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void info() {
        byte[] b = new DeviceInfo(0x0001000CL, 0x0005000EL, "QC0000000217", "CICADA-QRNG-1.1").encode();
        assertThat(b).hasSize(56);
        assertThat(HEX.formatHex(b, 0, 8)).isEqualTo("0c0001000e000500");
        assertThat(new String(b, 8, 12)).isEqualTo("QC0000000217");
        assertThat(b[20]).isZero();
        byte[] full = new DeviceInfo(1, 1, "QC0123456789012345678901", "H").encode();
        assertThat(new String(full, 8, 24)).as("24 characters: not NUL-terminated").isEqualTo("QC0123456789012345678901");
        assertThat(DeviceInfo.version(0x0005000EL)).isEqualTo("5.14");
        for (String bad : new String[] {"", "QC01234567890123456789012", "Q\0C", "QCé"}) {
            assertThatThrownBy(() -> new DeviceInfo(1, 1, bad, "H")).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void statistics() {
        byte[] b = new DeviceStatistics(0x0102030405060708L, 1, 2, 3, 100_000, 2048, 0.5f).encode();
        assertThat(HEX.formatHex(b)).isEqualTo("0807060504030201" + "01000000" + "02000000" + "03000000" + "a0860100"
                + "0008" + "0000003f");
    }

    @Test
    void updateReply() {
        assertThat(HEX.formatHex(UpdateStatus.TRANSFER_IN_PROGRESS.reply(976))).isEqualTo("4301d0030000");
        assertThat(UpdateStatus.ERR_INVALID.code()).isEqualTo(6);
    }

    @Test
    void checksumExamplesOfTheNotes() {
        assertThat(Checksum8.of(new byte[0], 0, 0)).isEqualTo(0xFF);
        assertThat(Checksum8.of(new byte[] {1}, 0, 1)).isEqualTo(0xFE);
        assertThat(Checksum8.of(new byte[] {(byte) 0x80, 0x7F}, 0, 2)).isEqualTo(0x00);
        assertThat(Checksum8.of(new byte[] {(byte) 0xFF, 0x01}, 0, 2)).isEqualTo(0xFF);
    }

    @Test
    void configFieldsAndValidation() {
        DeviceConfig c = DeviceConfig.of(HEX.parseHex("000000803f030440c0010008"));
        assertThat(c.postprocess()).isEqualTo(Postprocess.SHA256);
        assertThat(c.initialLevel()).isEqualTo(1.0f);
        assertThat(c.has(DeviceConfig.STARTUP_TEST)).isTrue();
        assertThat(c.has(DeviceConfig.AUTO_CALIBRATION)).isTrue();
        assertThat(c.has(DeviceConfig.REPETITION_COUNT)).isFalse();
        assertThat(c.nLsbits()).isEqualTo(4);
        assertThat(c.hashInputSize()).isEqualTo(64);
        assertThat(c.blockSize()).isEqualTo(448);
        assertThat(c.autocalibrationTarget()).isEqualTo(2048);
        assertThat(c.validationError()).isEmpty();
        assertThat(DeviceConfig.FACTORY.validationError()).isEmpty();
        assertThat(DeviceConfig.FACTORY.initialLevel()).isEqualTo(0.5f);
        assertThat(DeviceConfig.FACTORY.flags()).isEqualTo(0x0F);
        assertThat(DeviceConfig.of(new byte[12]).validationError()).hasValue("all-zero configuration");
        assertThatThrownBy(() -> DeviceConfig.of(new byte[11])).isInstanceOf(IllegalArgumentException.class);
    }
}
