package io.pqrstuv.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a long-running process give back the heap a burst of load made it commit (issue 15 part 1:
 * after a connection flood, 2,000 held connections left 200 MB that stayed committed for good).
 *
 * <p>G1 only shrinks the heap after a collection, and an idle process does not collect: so G1 is
 * asked for a periodic collection when none ran for {@code interval}, and to keep less free heap
 * after one (MaxHeapFreeRatio 30 %, MinHeapFreeRatio 10 %, instead of 70 % and 40 %). All three are
 * HotSpot's <em>manageable</em> flags, set at run time; a flag the user set on the command line (or
 * in {@code PQRSTUV_JAVA_OPTS}) is left alone, and nothing is done under another collector.
 */
public final class HeapReturn {
    static final long MAX_HEAP_FREE_RATIO = 30;
    static final long MIN_HEAP_FREE_RATIO = 10;

    private HeapReturn() {
    }

    /** Sets what it can; returns the flags it set (empty if none applied). */
    public static List<String> enable(Duration interval) {
        List<String> set = new ArrayList<>();
        if (!usesG1()) {
            return set;
        }
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot == null) {
            return set;
        }
        // Min before max when lowering both: HotSpot refuses a max below the current min.
        setIfDefault(hotspot, "MinHeapFreeRatio", MIN_HEAP_FREE_RATIO, set);
        setIfDefault(hotspot, "MaxHeapFreeRatio", MAX_HEAP_FREE_RATIO, set);
        setIfDefault(hotspot, "G1PeriodicGCInterval", interval.toMillis(), set);
        return set;
    }

    private static boolean usesG1() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().startsWith("G1 ")) {
                return true;
            }
        }
        return false;
    }

    private static void setIfDefault(HotSpotDiagnosticMXBean hotspot, String flag, long value, List<String> set) {
        try {
            VMOption option = hotspot.getVMOption(flag);
            if (option.getOrigin() == VMOption.Origin.DEFAULT && option.isWriteable()) {
                hotspot.setVMOption(flag, Long.toString(value));
                set.add(flag + "=" + value);
            }
        } catch (IllegalArgumentException e) {
            // this JVM does not know the flag or refuses the value: keep its own behaviour
        }
    }
}
