package io.pqrstuv.testkit.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a live process's writable memory through {@code /proc/PID/mem} and counts the
 * {@link Needle}s in it: what an attacker with the same user id (or root) finds, including the heap's
 * free space that a heap dump does not show (a collector frees regions without overwriting them).
 * Needs ptrace access to the process: same user and a dumpable target, or CAP_SYS_PTRACE.
 */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Counts per needle, and the bytes read. */
    public record Result(Map<Needle, Integer> counts, long bytesRead) {
        public int total(String value) {
            return counts.entrySet().stream().filter(e -> e.getKey().value().equals(value))
                    .mapToInt(Map.Entry::getValue).sum();
        }

        public String table() {
            Map<String, Map<String, Integer>> byValue = new TreeMap<>();
            counts.forEach((n, c) -> byValue.computeIfAbsent(n.value(), k -> new TreeMap<>()).merge(n.form(), c, Integer::sum));
            StringBuilder sb = new StringBuilder();
            byValue.forEach((v, forms) -> sb.append(v).append(": ")
                    .append(forms.values().stream().mapToInt(Integer::intValue).sum()).append(' ').append(forms).append('\n'));
            return sb.toString();
        }
    }

    /** Scans every readable and writable mapping of {@code pid}. */
    public static Result scan(long pid, List<Needle> needles) throws IOException {
        NeedleMatcher matcher = new NeedleMatcher(needles);
        Map<Needle, Integer> counts = new java.util.LinkedHashMap<>();
        long read = 0;
        int chunk = 8 << 20;
        int overlap = matcher.longest();
        byte[] buf = new byte[chunk + overlap];
        try (FileChannel mem = FileChannel.open(Path.of("/proc/" + pid + "/mem"), StandardOpenOption.READ)) {
            for (long[] region : writableRegions(pid)) {
                for (long start = region[0]; start < region[1]; start += chunk) {
                    int want = (int) Math.min(buf.length, region[1] - start);
                    int n = readFully(mem, ByteBuffer.wrap(buf, 0, want), start);
                    if (n <= 0) {
                        break; // unmapped meanwhile, or a guard page
                    }
                    read += Math.min(n, chunk);
                    for (NeedleMatcher.Match m : matcher.find(buf, 0, Math.min(chunk, n), n)) {
                        counts.merge(m.needle(), 1, Integer::sum);
                    }
                }
            }
        }
        return new Result(counts, read);
    }

    private static int readFully(FileChannel ch, ByteBuffer dst, long position) {
        int total = 0;
        try {
            while (dst.hasRemaining()) {
                int n = ch.read(dst, position + total);
                if (n <= 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException e) {
            // EIO: a page that cannot be read (guard page, PROT_NONE inside): stop this chunk
        }
        return total;
    }

    /** [start, end) of the {@code rw} mappings, from {@code /proc/PID/maps}. */
    static List<long[]> writableRegions(long pid) throws IOException {
        List<long[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/maps"))) {
            String[] f = line.split("\\s+", 6);
            if (f.length < 2 || !f[1].startsWith("rw")) {
                continue;
            }
            String name = f.length == 6 ? f[5] : "";
            if (name.startsWith("[vvar") || name.startsWith("[vsyscall")) {
                continue;
            }
            int dash = f[0].indexOf('-');
            out.add(new long[] {Long.parseUnsignedLong(f[0], 0, dash, 16), Long.parseUnsignedLong(f[0], dash + 1, f[0].length(), 16)});
        }
        return out;
    }
}
