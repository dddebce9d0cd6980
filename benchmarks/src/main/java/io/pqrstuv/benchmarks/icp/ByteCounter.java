package io.pqrstuv.benchmarks.icp;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bytes processed, reported by JMH as a rate ("ops/s" of the counter = bytes/s). scripts/bench-icp
 * divides by 10^6 to print MB/s, so throughput never has to be recomputed from sizes by hand.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ByteCounter {
    /** Payload bytes encoded, decoded or delivered. */
    public long payloadBytes;
    /** Wire bytes produced or consumed (frames plus, for the stream, garbage). */
    public long wireBytes;

    @Setup(Level.Iteration)
    public void reset() {
        payloadBytes = 0;
        wireBytes = 0;
    }
}
