package io.pqrstuv.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void tickerShowsElapsedAndExpectedThenClears() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Progress p = Progress.start(true, "signing with SLH-DSA-SHA2-256f", Duration.ofSeconds(52), new PrintStream(buf, true))) {
            Thread.sleep(1500);
        }
        String out = buf.toString();
        assertThat(out).contains("signing with SLH-DSA-SHA2-256f: 1 s elapsed, about 52 s expected at 9600 bps")
                .endsWith("\r\033[K");
    }

    @Test
    void silentForShortOrNonInteractive() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Progress p = Progress.start(true, "x", Duration.ofMillis(400), new PrintStream(buf, true));
                Progress q = Progress.start(false, "y", Duration.ofSeconds(60), new PrintStream(buf, true))) {
            Thread.sleep(1200);
        }
        assertThat(buf.size()).isZero();
    }
}
