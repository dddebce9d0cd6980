package io.pqrstuv.qrng.emulator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameParserTest {
    private final CommandTable table = new CommandTable(0xFA);

    private List<Frame> feed(FrameParser p, long now, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        List<Frame> out = new ArrayList<>();
        p.feed(b, 0, b.length, now, out::add);
        return out;
    }

    @Test
    void eachCodeTakesItsFixedPayload() {
        int[][] expected = {{0x01, 0}, {0x04, 3}, {0x05, 0}, {0x07, 0}, {0x08, 12}, {0x09, 0}, {0x0A, 0}, {0x0B, 0},
            {0x20, 0}, {0x22, 1026}, {0x23, 0}, {0x40, 4}, {0x41, 1027}, {0x51, 2}, {0xF7, 0}, {0xF8, 2}, {0xF9, 0},
            {0xFA, 67}};
        for (int[] e : expected) {
            assertThat(table.isKnown(e[0])).isTrue();
            assertThat(table.payloadLength(e[0])).as("0x%02X", e[0]).isEqualTo(e[1]);
        }
        int known = 0;
        for (int c = 0; c < 256; c++) {
            known += table.isKnown(c) ? 1 : 0;
        }
        assertThat(known).isEqualTo(expected.length);
    }

    @Test
    void framesSplitAnywhereComeOutWhole() {
        FrameParser p = new FrameParser(table);
        assertThat(feed(p, 0, 0x04, 0x01)).isEmpty();
        assertThat(p.hasPartial()).isTrue();
        List<Frame> f = feed(p, 1_000, 0x20, 0x00, 0x0B);
        assertThat(f).hasSize(2);
        assertThat(f.get(0).code()).isEqualTo(0x04);
        assertThat(f.get(0).u8(0)).isEqualTo(1);
        assertThat(f.get(0).u16(1)).isEqualTo(0x20);
        assertThat(f.get(1).code()).isEqualTo(0x0B);
        assertThat(f.get(1).known()).isTrue();
    }

    @Test
    void unknownCodesComeOutAlone() {
        FrameParser p = new FrameParser(table);
        List<Frame> f = feed(p, 0, 0x00, 0xFF, 0x01);
        assertThat(f).extracting(Frame::code).containsExactly(0x00, 0xFF, 0x01);
        assertThat(f).extracting(Frame::known).containsExactly(false, false, true);
    }

    @Test
    void aPartialFrameExpiresAfterTheTimeoutMeasuredFromItsLastByte() {
        FrameParser p = new FrameParser(table, 500);
        feed(p, 0, 0x08, 1, 2, 3);
        p.expire(499);
        assertThat(p.hasPartial()).isTrue();
        feed(p, 400, 4, 5); // a byte in time keeps it alive
        p.expire(899);
        assertThat(p.hasPartial()).isTrue();
        assertThat(p.partialDeadlineNanos()).isEqualTo(900);
        List<Frame> f = feed(p, 1_000, 0x01);
        assertThat(p.droppedPartials()).isEqualTo(1);
        assertThat(f).extracting(Frame::code).containsExactly(0x01);
    }

    @Test
    void randomBytesNeverBreakTheParser() {
        Random r = new Random(5);
        FrameParser p = new FrameParser(table, 1_000_000);
        long now = 0;
        int frames = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] b = new byte[r.nextInt(300)];
            r.nextBytes(b);
            List<Frame> out = new ArrayList<>();
            now += r.nextInt(2_000_000);
            p.feed(b, 0, b.length, now, out::add);
            for (Frame f : out) {
                assertThat(f.length()).isEqualTo(f.known() ? table.payloadLength(f.code()) : 0);
            }
            frames += out.size();
        }
        assertThat(frames).isPositive();
    }

    @Test
    void theCertificateCodeMustBeAFreeCustomCode() {
        assertThatThrownBy(() -> new CommandTable(0x50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommandTable(0xF7)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new CommandTable(0xFE).payloadLength(0xFE)).isEqualTo(67);
    }
}
