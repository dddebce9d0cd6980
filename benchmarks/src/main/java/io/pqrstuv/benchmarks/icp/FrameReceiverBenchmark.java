package io.pqrstuv.benchmarks.icp;

import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The streaming receiver on about 4 MB of back-to-back frames with 1 % garbage between them,
 * fed in 4 KiB chunks (a generous serial read). One operation = the whole stream.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameReceiverBenchmark {
    private static final int STREAM_TARGET = 4 << 20;
    private static final int CHUNK = 4096;
    private static final double GARBAGE_SHARE = 0.01;

    @Param({"64", "49960"})
    public int payloadSize;

    private byte[] stream;
    private int frames;
    private long payloadTotal;
    private long delivered;
    private long deliveredBytes;
    private FrameReceiver receiver;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(7);
        byte[] payload = new byte[payloadSize];
        random.nextBytes(payload);
        byte[] frame = Frames.encode(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream(STREAM_TARGET + frame.length);
        long garbage = 0;
        double owed = 0;
        while (out.size() < STREAM_TARGET) {
            // Garbage share of the whole stream = GARBAGE_SHARE; the fraction is carried over so that
            // small frames get a byte every frame or so. Non-zero bytes cannot begin a preamble.
            owed += frame.length * GARBAGE_SHARE / (1 - GARBAGE_SHARE);
            int n = (int) owed;
            owed -= n;
            for (int i = 0; i < n; i++) {
                out.write(1 + random.nextInt(255));
            }
            garbage += n;
            out.writeBytes(frame);
            frames++;
        }
        stream = out.toByteArray();
        payloadTotal = (long) frames * payloadSize;
        receiver = new FrameReceiver(this::onEvent, System::nanoTime, Duration.ofSeconds(2));
        receiveAll();
        if (delivered != frames || deliveredBytes != payloadTotal) {
            throw new IllegalStateException("receiver delivered " + delivered + " of " + frames + " frames");
        }
        System.out.printf("%n# stream: %d bytes, %d frames, %d garbage bytes (%.2f %%)%n",
                stream.length, frames, garbage, 100.0 * garbage / stream.length);
    }

    private void onEvent(ReceiverEvent e) {
        if (e instanceof ReceiverEvent.Payload p) {
            delivered++;
            deliveredBytes += p.payload().length;
        } else {
            throw new IllegalStateException("unexpected " + e);
        }
    }

    private void receiveAll() {
        for (int i = 0; i < stream.length; i += CHUNK) {
            receiver.feed(stream, i, Math.min(CHUNK, stream.length - i));
        }
    }

    @Benchmark
    public long receiveStream(ByteCounter bytes) {
        long before = delivered;
        receiveAll();
        bytes.payloadBytes += payloadTotal;
        bytes.wireBytes += stream.length;
        return delivered - before;
    }
}
