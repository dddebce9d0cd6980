package io.pqrstuv.benchmarks.icp;

import io.pqrstuv.icp.frame.FrameException;
import io.pqrstuv.icp.frame.Frames;
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

/** Whole-frame encode and decode of one payload (the smallest useful and the largest allowed). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameCodecBenchmark {

    @Param({"64", "49960"})
    public int payloadSize;

    private byte[] payload;
    private byte[] frame;

    @Setup
    public void setup() {
        payload = new byte[payloadSize];
        new SplittableRandom(42).nextBytes(payload);
        frame = Frames.encode(payload);
    }

    @Benchmark
    public byte[] encode(ByteCounter bytes) {
        byte[] f = Frames.encode(payload);
        bytes.payloadBytes += payloadSize;
        bytes.wireBytes += f.length;
        return f;
    }

    @Benchmark
    public byte[] decode(ByteCounter bytes) throws FrameException {
        byte[] p = Frames.decode(frame);
        bytes.payloadBytes += p.length;
        bytes.wireBytes += frame.length;
        return p;
    }
}
