package io.pqrstuv.benchmarks.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A Linux process's resident memory, threads and open files, from {@code /proc}. */
record ProcStats(long rssKib, int threads, int files) {
    static ProcStats of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        long rss = -1;
        int threads = -1;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.substring(6).replace("kB", "").strip());
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.substring(8).strip());
            }
        }
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            return new ProcStats(rss, threads, (int) fds.count());
        }
    }
}
