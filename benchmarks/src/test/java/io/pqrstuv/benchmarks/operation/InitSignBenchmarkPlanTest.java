package io.pqrstuv.benchmarks.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.benchmarks.operation.InitSignBenchmark.Step;
import io.pqrstuv.serial.LineRate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's run plan: no row is timed before every algorithm has been warmed up, so the
 * JVM's start-up compilation is not charged to whichever rows happen to come first (it once made
 * ES256 look 5–7× slower than ML-DSA-65 through the same storage module).
 */
class InitSignBenchmarkPlanTest {
    private final List<Step> plan = InitSignBenchmark.plan(InitSignBenchmark.RATES, InitSignBenchmark.ALGORITHMS,
            InitSignBenchmark.CLIENTS);

    @Test
    void everyAlgorithmIsWarmedUpBeforeTheFirstMeasuredRow() {
        int firstRow = indexOfFirstRow(plan);
        List<Algorithm> warmedUp = plan.subList(0, firstRow).stream().filter(Step::warmUp).map(Step::alg).toList();
        assertTrue(warmedUp.containsAll(InitSignBenchmark.ALGORITHMS), "warmed up before the first row: " + warmedUp);
    }

    @Test
    void warmUpsRunTheUnlimitedPathWithSeveralClients() {
        for (Step s : plan.stream().filter(Step::warmUp).toList()) {
            assertTrue(s.rate().isUnlimited(), s.toString());
            assertTrue(s.clients() > 1, s.toString());
        }
    }

    @Test
    void measuredRowsAreTheFullTableInItsOrderAndNoWarmUpIsReported() {
        List<Step> rows = plan.stream().filter(s -> !s.warmUp()).toList();
        assertEquals(InitSignBenchmark.RATES.size() * InitSignBenchmark.ALGORITHMS.size()
                * InitSignBenchmark.CLIENTS.size(), rows.size());
        int i = 0;
        for (LineRate rate : InitSignBenchmark.RATES) {
            for (Algorithm alg : InitSignBenchmark.ALGORITHMS) {
                for (int c : InitSignBenchmark.CLIENTS) {
                    assertEquals(new Step(false, rate, alg, c), rows.get(i++));
                }
            }
        }
        assertFalse(plan.subList(indexOfFirstRow(plan), plan.size()).stream().anyMatch(Step::warmUp),
                "warm-ups all come before the first measured row");
    }

    @Test
    void theOrderOfAlgorithmsDoesNotDecideWhichOneIsWarm() {
        List<Algorithm> reversed = InitSignBenchmark.ALGORITHMS.reversed();
        List<Step> other = InitSignBenchmark.plan(List.of(LineRate.UNLIMITED), reversed, List.of(1));
        int firstRow = indexOfFirstRow(other);
        assertTrue(other.subList(0, firstRow).stream().map(Step::alg).toList().containsAll(reversed));
    }

    private static int indexOfFirstRow(List<Step> plan) {
        for (int i = 0; i < plan.size(); i++) {
            if (!plan.get(i).warmUp()) {
                return i;
            }
        }
        throw new AssertionError("no measured row in " + plan);
    }
}
