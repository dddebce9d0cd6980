package io.pqrstuv.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 part 1 (P-88): the flags are set at run time under G1, a flag the user chose is left alone,
 * and another collector is not touched. Each case in a fresh JVM, so that the test JVM's own flags
 * (and the order the tests run in) do not matter.
 */
class HeapReturnTest {
    /** The child: enables HeapReturn, prints what it set and then the three flags' values. */
    public static final class Child {
        public static void main(String[] args) {
            System.out.println(HeapReturn.enable(Duration.ofSeconds(7)));
            var hotspot = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            for (String flag : List.of("MinHeapFreeRatio", "MaxHeapFreeRatio", "G1PeriodicGCInterval")) {
                System.out.println(flag + "=" + hotspot.getVMOption(flag).getValue());
            }
        }
    }

    @Test
    void underG1AllThreeFlagsAreSet() throws Exception {
        List<String> out = child("-XX:+UseG1GC");
        assertThat(out.getFirst()).isEqualTo("[MinHeapFreeRatio=10, MaxHeapFreeRatio=30, G1PeriodicGCInterval=7000]");
        assertThat(out).contains("MinHeapFreeRatio=10", "MaxHeapFreeRatio=30", "G1PeriodicGCInterval=7000");
    }

    @Test
    void aFlagTheUserSetIsLeftAlone() throws Exception {
        List<String> out = child("-XX:+UseG1GC", "-XX:MaxHeapFreeRatio=55");
        assertThat(out.getFirst()).isEqualTo("[MinHeapFreeRatio=10, G1PeriodicGCInterval=7000]");
        assertThat(out).contains("MaxHeapFreeRatio=55");
    }

    @Test
    void aValueHotSpotRefusesKeepsItsOwnBehaviour() throws Exception {
        // Max 30 % below the user's min 40 %: HotSpot refuses it; the rest still applies.
        List<String> out = child("-XX:+UseG1GC", "-XX:MinHeapFreeRatio=40");
        assertThat(out.getFirst()).isEqualTo("[G1PeriodicGCInterval=7000]");
        assertThat(out).contains("MinHeapFreeRatio=40", "MaxHeapFreeRatio=70");
    }

    @Test
    void anotherCollectorIsNotTouched() throws Exception {
        List<String> out = child("-XX:+UseSerialGC");
        assertThat(out.getFirst()).isEqualTo("[]");
        assertThat(out).contains("G1PeriodicGCInterval=0");
    }

    private static List<String> child(String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out;
        try {
            out = p.getInputStream().readAllBytes();
        } catch (IOException e) {
            p.destroyForcibly();
            throw e;
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text.lines().toList();
    }
}
