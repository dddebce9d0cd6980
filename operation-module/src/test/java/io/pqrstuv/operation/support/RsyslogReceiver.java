package io.pqrstuv.operation.support;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real rsyslogd receiving RFC 5424 over UDP on 127.0.0.1, started by the test, writing each
 * raw message as one line into its own temporary directory.
 */
public final class RsyslogReceiver implements AutoCloseable {
    /** One received message: its PRI value and the MSG part. */
    public record Message(int pri, String raw, String text) {
    }

    private final Path dir;
    private final int port;
    private final Process process;

    private RsyslogReceiver(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static RsyslogReceiver start() throws Exception {
        Path dir = Files.createTempDirectory("rsyslog");
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String conf = """
                global(workDirectory="%1$s")
                module(load="imudp")
                input(type="imudp" address="127.0.0.1" port="%2$d")
                template(name="raw" type="string" string="%%rawmsg%%\\n")
                *.* action(type="omfile" file="%1$s/messages.log" template="raw")
                """.formatted(dir, port);
        Files.writeString(dir.resolve("rsyslog.conf"), conf);
        Process p = new ProcessBuilder("rsyslogd", "-n", "-f", dir.resolve("rsyslog.conf").toString(),
                "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
        RsyslogReceiver r = new RsyslogReceiver(dir, port, p);
        r.awaitReady();
        return r;
    }

    /** Sends probes with logger until one arrives, then forgets them. */
    private void awaitReady() throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            new ProcessBuilder("logger", "-n", "127.0.0.1", "-P", Integer.toString(port), "-d", "--rfc5424",
                    "-t", "probe", "--", "ready-probe").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(2, TimeUnit.SECONDS);
            Thread.sleep(150);
            if (rawLines().stream().anyMatch(l -> l.contains("ready-probe"))) {
                return;
            }
        }
        throw new IllegalStateException("rsyslogd did not come up: " + Files.readString(dir.resolve("rsyslogd.out")));
    }

    public int port() {
        return port;
    }

    private List<String> rawLines() throws IOException {
        Path log = dir.resolve("messages.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    /** Messages from tag pqrstuv received so far. */
    public List<Message> messages() throws IOException {
        List<Message> out = new ArrayList<>();
        for (String l : rawLines()) {
            if (!l.contains(" pqrstuv ")) {
                continue;
            }
            int pri = Integer.parseInt(l.substring(1, l.indexOf('>')));
            int sd = l.indexOf("] ");
            String text = sd >= 0 ? l.substring(sd + 2) : l.substring(l.lastIndexOf(" - ") + 3);
            out.add(new Message(pri, l, text));
        }
        return out;
    }

    /** Waits until at least {@code n} pqrstuv messages arrived. */
    public List<Message> await(int n, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        List<Message> m = messages();
        while (m.size() < n && System.nanoTime() < end) {
            Thread.sleep(50);
            m = messages();
        }
        return m;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
