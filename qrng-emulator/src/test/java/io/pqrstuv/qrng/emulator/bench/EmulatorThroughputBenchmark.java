package io.pqrstuv.qrng.emulator.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.HostPort;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.qrng.emulator.TcpPort;
import io.pqrstuv.qrng.emulator.link.RawTty;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end throughput of the emulator as a host sees it, with plain readers (no library): run with
 * {@code -Dpqrstuv.bench=true}; figures go to docs/benchmarks.md.
 */
class EmulatorThroughputBenchmark {
    @TempDir
    Path dir;

    private static void print(String what, long bytes, long nanos) {
        System.out.printf(Locale.ROOT, "BENCH %-58s %,12d B in %8.3f s = %,14.0f B/s%n", what, bytes, nanos / 1e9,
                bytes / (nanos / 1e9));
    }

    private static long continuous(HostPort host, long warmNanos, long windowNanos) throws Exception {
        host.write(new byte[] {0x04, 0x00, 0x00, 0x00});
        host.readExactly(6, 3000);
        byte[] buf = new byte[64 * 1024];
        long start = System.nanoTime();
        long windowStart = start + warmNanos;
        long end = windowStart + windowNanos;
        long inWindow = 0;
        long now;
        while ((now = System.nanoTime()) < end) {
            int n = host.read(buf, 0, buf.length, 50);
            if (now >= windowStart) {
                inWindow += n;
            }
        }
        host.stopAndDrain();
        return inWindow;
    }

    private static long oneShots(HostPort host, int n, int times) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < times; i++) {
            host.write(new byte[] {0x04, 0x01, (byte) n, (byte) (n >>> 8)});
            host.readExactly(6 + n, 20_000);
        }
        return System.nanoTime() - t0;
    }

    private static long signedReads(HostPort host, int n, int times) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < times; i++) {
            host.write(new byte[] {0x51, (byte) n, (byte) (n >>> 8)});
            host.readExactly(1 + n + 64, 20_000);
        }
        return System.nanoTime() - t0;
    }

    @Test
    void realRate() throws Exception {
        assumeTrue(Boolean.getBoolean("pqrstuv.bench"), "benchmark: -Dpqrstuv.bench=true");
        try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(dir.resolve("real")).build();
             RawTty tty = RawTty.open(emu.servePty(dir.resolve("tty")))) {
            tty.sdkOpen();
            long window = Long.getLong("pqrstuv.bench.seconds", 30) * 1_000_000_000L;
            long bytes = continuous(tty, 3_000_000_000L, window);
            print("real, pty, continuous, sustained (after 3 s)", bytes, window);
            System.out.printf(Locale.ROOT, "BENCH real sustained = %.2f %% of 12,500 B/s%n",
                    100.0 * bytes / (window / 1e9) / EmulatorRate.REAL_BYTES_PER_SECOND);
            Thread.sleep(1500); // the pool refills
            print("real, pty, one-shot 65,535 (pool full at start)", 65_535, oneShots(tty, 65_535, 1));
            Thread.sleep(1500);
            print("real, pty, one-shot 13,440 (= the pool)", 13_440, oneShots(tty, 13_440, 1));
            Thread.sleep(1500);
            print("real, pty, signed read 13,440", 13_440, signedReads(tty, 13_440, 1));
        }
    }

    @Test
    void unlimitedRate() throws Exception {
        assumeTrue(Boolean.getBoolean("pqrstuv.bench"), "benchmark: -Dpqrstuv.bench=true");
        try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(dir.resolve("fast")).rate(EmulatorRate.unlimited())
                .build(); RawTty tty = RawTty.open(emu.servePty(dir.resolve("tty")))) {
            tty.sdkOpen();
            oneShots(tty, 65_535, 20); // warm-up
            long bytes = continuous(tty, 1_000_000_000L, 5_000_000_000L);
            print("unlimited, pty, continuous", bytes, 5_000_000_000L);
            print("unlimited, pty, one-shot 65,535 x 100", 65_535L * 100, oneShots(tty, 65_535, 100));
            print("unlimited, pty, one-shot 32 x 2,000 (command latency)", 32L * 2000, oneShots(tty, 32, 2000));
            print("unlimited, pty, signed read 65,535 x 50", 65_535L * 50, signedReads(tty, 65_535, 50));
            print("unlimited, pty, signed read 32 x 500", 32L * 500, signedReads(tty, 32, 500));
            try (TcpPort tcp = new TcpPort(emu.serveTcp(0))) {
                long b = continuous(tcp, 1_000_000_000L, 5_000_000_000L);
                print("unlimited, tcp, continuous", b, 5_000_000_000L);
                print("unlimited, tcp, one-shot 65,535 x 100", 65_535L * 100, oneShots(tcp, 65_535, 100));
            }
            try (DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
                udp.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
                int port = emu.serveTcpUdp(0, ((InetSocketAddress) udp.getLocalAddress()).getPort());
                try (TcpPort tcp = new TcpPort(port)) {
                    tcp.write(new byte[] {0x04, 0x00, 0x00, 0x00});
                    tcp.readExactly(6, 3000);
                    ByteBuffer b = ByteBuffer.allocate(65_536);
                    udp.configureBlocking(true);
                    long t0 = System.nanoTime();
                    long got = 0;
                    long end = t0 + 5_000_000_000L;
                    while (System.nanoTime() < end) {
                        b.clear();
                        udp.receive(b);
                        got += b.position();
                    }
                    print("unlimited, tcpudp, continuous (UDP paced at 10 MB/s)", got, System.nanoTime() - t0);
                    tcp.stopAndDrain();
                }
            }
        }
    }

    @Test
    void startupCost() throws Exception {
        assumeTrue(Boolean.getBoolean("pqrstuv.bench"), "benchmark: -Dpqrstuv.bench=true");
        for (int i = 0; i < 6; i++) {
            long t0 = System.nanoTime();
            try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(dir.resolve("s" + i)).blank(i % 2 == 1)
                    .build()) {
                long t1 = System.nanoTime();
                emu.servePty();
                System.out.printf(Locale.ROOT, "BENCH start-up: build %s %.1f ms, + pty %.1f ms%n",
                        i % 2 == 1 ? "blank" : "shipped (CA made, certificate burned)", (t1 - t0) / 1e6,
                        (System.nanoTime() - t1) / 1e6);
            }
        }
    }
}
