package io.pqrstuv.runtime.harden;

import java.util.EnumSet;

/**
 * Child process of {@link ProcessHardeningTest}: applies the measures named by its argument
 * ({@code all}, {@code no-memlock}, {@code none}), prints the result and the kernel's view, then
 * waits until its stdin closes. A refusal prints {@code REFUSED <measure>: <message>} and exits 3.
 */
public final class HardenedChild {
    private HardenedChild() {
    }

    public static void main(String[] args) throws Exception {
        EnumSet<ProcessHardening.Measure> measures = switch (args[0]) {
            case "all" -> EnumSet.allOf(ProcessHardening.Measure.class);
            case "no-memlock" -> EnumSet.complementOf(EnumSet.of(ProcessHardening.Measure.MEMORY_LOCKED));
            default -> EnumSet.noneOf(ProcessHardening.Measure.class);
        };
        if (!measures.isEmpty()) {
            try {
                System.out.println(ProcessHardening.apply(measures).describe());
            } catch (HardeningException e) {
                System.out.println("REFUSED " + e.measure() + ": " + e.getMessage());
                System.out.flush();
                System.exit(3);
            }
        }
        System.out.println("STATE " + ProcessHardening.current());
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our stdin
        }
    }
}
