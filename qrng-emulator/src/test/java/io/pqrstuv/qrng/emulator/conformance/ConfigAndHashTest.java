package io.pqrstuv.qrng.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.Target;
import io.pqrstuv.qrng.emulator.link.RawTty;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SET/GET_CONFIG (notes §1.5, §4) and the hash self-test (§1.12) over the pty. */
class ConfigAndHashTest {
    private static Target target;
    private RawTty tty;
    private byte[] original;

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
        original = Arrays.copyOfRange(tty.command(new byte[] {0x07}, 13), 1, 13);
    }

    @AfterEach
    void restore() throws Exception {
        try {
            assertThat(set(original)[0]).isEqualTo((byte) 0x11);
        } finally {
            tty.close();
        }
    }

    private byte[] set(byte[] config) throws Exception {
        byte[] cmd = new byte[13];
        cmd[0] = 0x08;
        System.arraycopy(config, 0, cmd, 1, 12);
        tty.write(cmd);
        byte[] first = tty.readExactly(1, 3000);
        if (first[0] == 0x12) {
            return first;
        }
        byte[] rest = tty.readExactly(5, 3000);
        byte[] all = new byte[6];
        all[0] = first[0];
        System.arraycopy(rest, 0, all, 1, 5);
        return all;
    }

    private byte[] get() throws Exception {
        byte[] r = tty.command(new byte[] {0x07}, 13);
        assertThat(r[0]).isEqualTo((byte) 0x17);
        return Arrays.copyOfRange(r, 1, 13);
    }

    private static byte[] config(int post, float level, int flags, int lsb, int hash, int block, int target) {
        byte[] c = new byte[12];
        c[0] = (byte) post;
        int l = Float.floatToRawIntBits(level);
        c[1] = (byte) l;
        c[2] = (byte) (l >>> 8);
        c[3] = (byte) (l >>> 16);
        c[4] = (byte) (l >>> 24);
        c[5] = (byte) flags;
        c[6] = (byte) lsb;
        c[7] = (byte) hash;
        c[8] = (byte) block;
        c[9] = (byte) (block >>> 8);
        c[10] = (byte) target;
        c[11] = (byte) (target >>> 8);
        return c;
    }

    @Test
    void invalidConfigurationsAreNackedAndChangeNothing() throws Exception {
        assumeTrue(target.emulator() != null, "the validation rules are the emulator's (notes §4 [P])");
        byte[][] bad = {
            new byte[12],                                   // all zeros (Crypta's "Set configuration – NACK")
            config(3, 0.5f, 0x0F, 4, 64, 448, 2048),        // postprocess > 2
            config(0xFF, 0.5f, 0x0F, 4, 64, 448, 2048),
            config(0, 0.5f, 0x0F, 4, 64, 0, 2048),          // block 0
            config(0, 0.5f, 0x0F, 4, 64, 4097, 2048),       // block > 4096
            config(0, 0.5f, 0x0F, 4, 0, 448, 2048),         // nothing hashed
            config(0, 0.5f, 0x0F, 0, 64, 448, 2048),        // no LSBs
        };
        for (byte[] c : bad) {
            assertThat(set(c)).as(HexFormat.of().formatHex(c)).containsExactly(0x12);
            assertThat(get()).isEqualTo(original);
        }
    }

    @Test
    void aConfigurationReadBackIsByteIdentical() throws Exception {
        Random r = new Random(7);
        for (int i = 0; i < 40; i++) {
            byte[] c = config(r.nextInt(3), r.nextFloat() * 100, r.nextInt(64) | (i % 2 == 0 ? 0xC0 : 0),
                    1 + r.nextInt(255), 1 + r.nextInt(255), 1 + r.nextInt(4096), r.nextInt(65536));
            if (i == 0) {
                c = config(0, 4096.5f, 0x0F, 4, 64, 4096, 65535); // edge values are stored as given
            }
            byte[] ack = set(c);
            assertThat(ack[0]).as(HexFormat.of().formatHex(c)).isEqualTo((byte) 0x11);
            assertThat(get()).as("round trip of " + HexFormat.of().formatHex(c)).isEqualTo(c);
        }
    }

    @Test
    void eachPostprocessModeProducesData() throws Exception {
        for (int post = 0; post < 3; post++) {
            set(config(post, 50f, 0x0F, 4, 64, 448, 2048));
            byte[] r = tty.command(new byte[] {0x04, 0x01, 0x00, 0x02}, 6 + 512);
            assertThat(r[0]).isEqualTo((byte) 0x11);
            assertThat(Arrays.copyOfRange(r, 6, r.length)).isNotEqualTo(new byte[512]);
            if (post == 2 && target.emulator() != null) {
                // raw samples: u16 LE scattered around the calibration target (2048 here)
                for (int i = 6; i < r.length; i += 2) {
                    int v = (r[i] & 0xFF) | (r[i + 1] & 0xFF) << 8;
                    assertThat(v).as("sample at %d of %s", i, HexFormat.of().formatHex(r, 0, 40)).isBetween(2048 - 510, 2048 + 510);
                }
            }
        }
    }

    @Test
    void hashTestDigestsExactlyTheAccumulatedLengths() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Random r = new Random(11);
        assertThat(tty.command(new byte[] {0x23}, 33)[0]).isEqualTo((byte) 0x24); // the CLI's DIGEST first
        assertThat(tty.command(new byte[] {0x20}, 1)).containsExactly(0x21);
        for (int len : new int[] {1024, 1, 0, 777, 1024}) {
            byte[] cmd = new byte[1 + 1026];
            cmd[0] = 0x22;
            cmd[1] = (byte) len;
            cmd[2] = (byte) (len >>> 8);
            byte[] data = new byte[1024];
            r.nextBytes(data); // filler after len is not zeroed, as the C client leaves it
            System.arraycopy(data, 0, cmd, 3, 1024);
            md.update(data, 0, len);
            assertThat(tty.command(cmd, 1)).containsExactly(0x21);
        }
        byte[] digest = tty.command(new byte[] {0x23}, 33);
        assertThat(digest[0]).isEqualTo((byte) 0x24);
        assertThat(Arrays.copyOfRange(digest, 1, 33)).isEqualTo(md.digest());
    }

    @Test
    void hashTestRefusesALengthOver1024() throws Exception {
        assumeTrue(target.emulator() != null);
        byte[] cmd = new byte[1 + 1026];
        cmd[0] = 0x22;
        cmd[1] = 0x01;
        cmd[2] = 0x04; // 1025
        assertThat(tty.command(new byte[] {0x20}, 1)).containsExactly(0x21);
        assertThat(tty.command(cmd, 1)).containsExactly(0x12);
        byte[] digest = tty.command(new byte[] {0x23}, 33);
        assertThat(Arrays.copyOfRange(digest, 1, 33))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
    }
}
