package io.pqrstuv.operation.http.attack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What a Linux process holds, from {@code /proc}: resident memory, threads, open files. */
public record ProcessStats(long rssKib, int threads, int openFiles) {
    public static ProcessStats of(long pid) throws IOException {
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
        int files;
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            files = (int) fds.count();
        }
        return new ProcessStats(rss, threads, files);
    }

    public long rssMib() {
        return rssKib / 1024;
    }

    @Override
    public String toString() {
        return "rss=" + rssMib() + "MiB threads=" + threads + " files=" + openFiles;
    }
}
