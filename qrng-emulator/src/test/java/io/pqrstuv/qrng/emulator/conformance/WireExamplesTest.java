package io.pqrstuv.qrng.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.Target;
import io.pqrstuv.qrng.emulator.link.RawTty;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The example frames of notes §1.2, byte for byte, over the pty with raw reads and writes. */
class WireExamplesTest {
    private static final HexFormat HEX = HexFormat.of();
    private static Target target;
    private RawTty tty;

    @BeforeAll
    static void start() throws Exception {
        target = Target.start(EmulatorRate.unlimited());
    }

    @AfterAll
    static void stop() throws Exception {
        target.close();
    }

    @BeforeEach
    void open() throws Exception {
        tty = target.open();
        tty.sdkOpen();
    }

    @AfterEach
    void close() throws Exception {
        tty.close();
    }

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    @Test
    void getStatusOfAnIdleDevice() throws Exception {
        byte[] reply = tty.command(hex("01"), 6);
        if (Target.real()) {
            assertThat(reply[0]).isEqualTo((byte) 0x11);
            assertThat(reply[1] & 0x01).isEqualTo(1);
        } else {
            assertThat(HEX.formatHex(reply)).isEqualTo("110180340000"); // initialized, ready_bytes = 13440
        }
        assertThat(tty.readUntilSilence(100, 100)).isEmpty();
    }

    @Test
    void oneShotOf32Bytes() throws Exception {
        tty.write(hex("04 01 20 00"));
        byte[] head = tty.readExactly(6, 3000);
        assertThat(head[0]).isEqualTo((byte) 0x11);
        byte[] data = tty.readExactly(32, 3000);
        assertThat(data).isNotEqualTo(new byte[32]);
        assertThat(tty.readUntilSilence(200, 100)).as("nothing after the 32 bytes").isEmpty();
        tty.write(hex("04 01 20 00"));
        tty.readExactly(6, 3000);
        assertThat(tty.readExactly(32, 3000)).as("different on every call").isNotEqualTo(data);
    }

    @Test
    void continuousThenStop() throws Exception {
        tty.write(hex("04 00 00 00"));
        byte[] head = tty.readExactly(6, 3000);
        assertThat(head[0]).isEqualTo((byte) 0x11);
        tty.readExactly(4096, 3000);
        byte[] tail = tty.stopAndDrain();
        assertThat(tail.length).isGreaterThanOrEqualTo(6);
        assertThat(tail[tail.length - 6]).as("ACK is 6 bytes from the end").isEqualTo((byte) 0x11);
        assertThat(tty.readUntilSilence(300, 100)).as("silent after STOP").isEmpty();
    }

    @Test
    void setConfigExampleThenReadItBack() throws Exception {
        assumeTrue(target.emulator() != null, "changes the device configuration");
        byte[] original = tty.command(hex("07"), 13);
        try {
            byte[] reply = tty.command(hex("08 00 00 00 80 3f 03 04 40 c0 01 00 08"), 6);
            assertThat(reply[0]).isEqualTo((byte) 0x11);
            byte[] config = tty.command(hex("07"), 13);
            assertThat(HEX.formatHex(config)).isEqualTo("17" + "000000803f03" + "0440c0010008");
        } finally {
            byte[] restore = new byte[13];
            restore[0] = 0x08;
            System.arraycopy(original, 1, restore, 1, 12);
            assertThat(tty.command(restore, 6)[0]).isEqualTo((byte) 0x11);
        }
    }

    @Test
    void factoryConfiguration() throws Exception {
        assumeTrue(target.emulator() != null, "the emulator's factory default (notes §4)");
        assertThat(HEX.formatHex(tty.command(hex("07"), 13))).isEqualTo("17" + "000000003f0f0440c0010008");
    }

    @Test
    void getInfo() throws Exception {
        byte[] info = tty.command(hex("0B"), 57);
        assertThat(info[0]).isEqualTo((byte) 0x1B);
        String serial = new String(info, 9, 24, StandardCharsets.US_ASCII).replace("\0", "");
        String hw = new String(info, 33, 24, StandardCharsets.US_ASCII).replace("\0", "");
        assertThat(serial).matches("QC[0-9]+");
        assertThat(hw).matches("CICADA-QRNG-[0-9]+\\.[0-9]+");
        if (!Target.real()) {
            assertThat(HEX.formatHex(info, 1, 9)).isEqualTo("0c0001000e000500"); // core 1.12, fw 5.14
            assertThat(serial).isEqualTo(target.emulator().info().serial());
        }
    }

    @Test
    void getStatistics() throws Exception {
        byte[] stats = tty.command(hex("09"), 31);
        assertThat(stats[0]).isEqualTo((byte) 0x19);
        long speed = (stats[21] & 0xFFL) | (stats[22] & 0xFFL) << 8 | (stats[23] & 0xFFL) << 16 | (stats[24] & 0xFFL) << 24;
        assertThat(speed).isPositive();
    }

    @Test
    void signedReadOf32BytesVerifiesWithTheDeviceKey() throws Exception {
        byte[] pub = tty.command(hex("F7"), 65);
        assertThat(pub[0]).isEqualTo((byte) 0xF9);
        tty.write(hex("51 20 00"));
        byte[] reply = tty.readExactly(1 + 32 + 64, 3000);
        assertThat(reply[0]).as("0x52 and no status").isEqualTo((byte) 0x52);
        assertThat(tty.readUntilSilence(200, 100)).isEmpty();
        byte[] data = Arrays.copyOfRange(reply, 1, 33);
        byte[] sig = Arrays.copyOfRange(reply, 33, 97);
        var ap = java.security.AlgorithmParameters.getInstance("EC");
        ap.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
        var params = ap.getParameterSpec(java.security.spec.ECParameterSpec.class);
        var point = new java.security.spec.ECPoint(new java.math.BigInteger(1, Arrays.copyOfRange(pub, 1, 33)),
                new java.math.BigInteger(1, Arrays.copyOfRange(pub, 33, 65)));
        var key = java.security.KeyFactory.getInstance("EC").generatePublic(new java.security.spec.ECPublicKeySpec(point, params));
        var v = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(key);
        v.update(data);
        assertThat(v.verify(sig)).isTrue();
    }

    @Test
    void rebootAnswersF8() throws Exception {
        assumeTrue(target.emulator() != null, "would reboot the real device");
        assertThat(tty.command(hex("F8 A1 25"), 1)).containsExactly(0xF8);
        assertThat(tty.command(hex("F8 00 00"), 1)).as("wrong magic").containsExactly(0x12);
    }

    @Test
    void unknownCommandGetsNack() throws Exception {
        for (String code : new String[] {"00", "02", "10", "7F", "FF", "F0"}) {
            assertThat(tty.command(hex(code), 1)).as("command " + code).containsExactly(0x12);
        }
        assertThat(tty.readUntilSilence(200, 10)).isEmpty();
    }

    @Test
    void oneShotOfZeroBytesIsRefused() throws Exception {
        assertThat(tty.command(hex("04 01 00 00"), 1)).containsExactly(0x12);
        assertThat(tty.command(hex("04 07 10 00"), 1)).as("unknown mode").containsExactly(0x12);
    }

    @Test
    void commandsStayInSyncAfterMany() throws Exception {
        for (int i = 0; i < 50; i++) {
            assertThat(tty.command(hex("01"), 6)[0]).isEqualTo((byte) 0x11);
            byte[] r = tty.command(hex("04 01 10 00"), 6 + 16);
            assertThat(r[0]).isEqualTo((byte) 0x11);
            assertThat(Arrays.copyOfRange(r, 6, 22)).isNotEqualTo(new byte[16]);
        }
    }
}
