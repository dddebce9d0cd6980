package io.pqrstuv.operation.http.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Issue 15 part 1: half-sent requests must not lock new clients out. The device runs in its own
 * process with the open-file limit at 4,096; 5,000 slow clients trickle (half of them from one
 * address, half spread over 50 addresses; a fifth of them after a full TLS handshake, trickling an
 * HTTP header, the rest trickling a ClientHello), reconnecting whenever the server drops them. A new
 * client from another address tries {@code GET /info} twice a second the whole time: every try must
 * succeed within 10 s, the device must never run out of file descriptors, its memory must stay under
 * the bound below, and what the attack took must be given back when it ends.
 *
 * <p>With {@code -Dpqrstuv.bench=true} the attack is bigger and longer (the figures of
 * docs/benchmarks.md); {@code -Dpqrstuv.attack.clients}, {@code .seconds}, {@code .rate} override.
 */
@EnabledOnOs(OS.LINUX)
class SlowClientAttackTest {
    private static final int OPEN_FILE_LIMIT = 4096;
    private static final boolean BENCH = Boolean.getBoolean("pqrstuv.bench");
    private static final int CLIENTS = Integer.getInteger("pqrstuv.attack.clients", BENCH ? 10_000 : 5_000);
    private static final Duration ATTACK = Duration.ofSeconds(Integer.getInteger("pqrstuv.attack.seconds", BENCH ? 120 : 20));
    private static final int CONNECTS_PER_SECOND = Integer.getInteger("pqrstuv.attack.rate", BENCH ? 2_000 : 500);
    private static final Duration TRY_DEADLINE = Duration.ofSeconds(10);
    /** Resident memory the attacked device may use at most (it idles at about 150 MiB). */
    private static final long RSS_BOUND_MIB = 512;
    /** After the attack, resident memory returns to within this much of what the idle device used. */
    private static final long RSS_RETURN_SLACK_MIB = 64;

    @Test
    void newClientsAreServedWithinTenSecondsWhileFiveThousandSlowClientsTrickle() throws Exception {
        assumeTrue(AttackedDevice.prlimitAvailable(), "prlimit (util-linux) is not installed");
        try (AttackedDevice device = AttackedDevice.start(OPEN_FILE_LIMIT)) {
            NewClientProbe probe = new NewClientProbe(device.address(), InetAddress.getByName("127.0.0.1"),
                    device.certificate(), TRY_DEADLINE);
            for (int i = 0; i < 3; i++) {
                assertThat(probe.call().ok()).as("a try before the attack").isTrue();
            }
            ProcessStats idle = device.stats();
            log("before the attack: " + idle);
            boolean nmt = System.getProperty("pqrstuv.attack.jvmOptions", "").contains("NativeMemoryTracking");
            if (nmt) {
                log(device.jcmd("VM.native_memory", "summary"));
            }

            List<InetAddress> spread = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                spread.add(InetAddress.getByName("127.0.1." + i));
            }
            SlowClients.Plan oneAddress = new SlowClients.Plan(CLIENTS / 2, List.of(InetAddress.getByName("127.0.0.2")),
                    CONNECTS_PER_SECOND / 2, 0.2, Duration.ofSeconds(1));
            SlowClients.Plan manyAddresses = new SlowClients.Plan(CLIENTS - CLIENTS / 2, spread,
                    CONNECTS_PER_SECOND - CONNECTS_PER_SECOND / 2, 0.2, Duration.ofSeconds(1));

            List<NewClientProbe.Result> tries = Collections.synchronizedList(new ArrayList<>());
            List<ProcessStats> samples = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean probing = new AtomicBoolean(true);
            SlowClients a = new SlowClients(device.address(), oneAddress);
            SlowClients b = new SlowClients(device.address(), manyAddresses);
            // Platform threads: the prober and the sampler must not queue behind 5,000 virtual attack threads.
            Thread sampler = Thread.ofPlatform().daemon().name("sampler").start(() -> {
                while (probing.get()) {
                    try {
                        ProcessStats s = device.stats();
                        samples.add(s);
                        log(String.format(Locale.ROOT, "device %s | attackers open %d, connects %d, dropped by server %d,"
                                        + " handshakes %d, connect failures %d", s, a.open() + b.open(),
                                a.connects() + b.connects(), a.closedByServer() + b.closedByServer(),
                                a.handshakes() + b.handshakes(), a.connectFailures() + b.connectFailures()));
                        Thread.sleep(1000);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            Thread prober = Thread.ofPlatform().daemon().name("prober").start(() -> {
                while (probing.get()) {
                    NewClientProbe.Result r = probe.call();
                    tries.add(r);
                    if (!r.ok() || r.millis() > 2000) {
                        log("try " + r);
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });

            a.start();
            b.start();
            Thread.sleep(ATTACK);
            int attackTries = tries.size();
            long peakRss = samples.stream().mapToLong(ProcessStats::rssMib).max().orElse(0);
            int peakFiles = samples.stream().mapToInt(ProcessStats::openFiles).max().orElse(0);
            int peakThreads = samples.stream().mapToInt(ProcessStats::threads).max().orElse(0);
            long connects = a.connects() + b.connects();
            a.close();
            b.close();

            // After the attack: the connections, and the memory they held, are given back.
            ProcessStats after = device.stats();
            long connectionsBack = waitUntil(Duration.ofSeconds(20), device, s -> s.openFiles() <= idle.openFiles() + 32);
            long memoryBack = waitUntil(Duration.ofSeconds(40), device, s -> s.rssMib() <= idle.rssMib() + RSS_RETURN_SLACK_MIB);
            Thread.sleep(Duration.ofSeconds(Integer.getInteger("pqrstuv.attack.quietSeconds", 0)));
            probing.set(false);
            prober.join();
            sampler.join();
            after = device.stats();
            if (nmt) {
                log(device.jcmd("VM.native_memory", "summary"));
            }
            List<NewClientProbe.Result> failed = tries.stream().filter(r -> !r.ok()).toList();
            long slowest = tries.stream().mapToLong(NewClientProbe.Result::millis).max().orElse(0);
            double p50 = percentile(tries, 0.5);
            log(String.format(Locale.ROOT, "SUMMARY clients=%d attack=%ds connects=%d tries=%d (during the attack %d) "
                            + "failed=%d slowest=%dms median=%.0fms peakRss=%dMiB peakFiles=%d peakThreads=%d idle=[%s] after=[%s]"
                            + " connectionsBackAfter=%dms memoryBackAfter=%dms",
                    CLIENTS, ATTACK.toSeconds(), connects, tries.size(), attackTries, failed.size(), slowest, p50,
                    peakRss, peakFiles, peakThreads, idle, after, connectionsBack, memoryBack));

            assertThat(failed).as("every try of a new client succeeds within " + TRY_DEADLINE.toSeconds() + " s").isEmpty();
            assertThat(slowest).isLessThan(TRY_DEADLINE.toMillis());
            assertThat(attackTries).as("tries during the attack").isGreaterThanOrEqualTo((int) (ATTACK.toSeconds() / 2));
            assertThat(peakFiles).as("open files never near the limit").isLessThan(OPEN_FILE_LIMIT - 256);
            assertThat(connects).as("the attack ran: every slow client connected").isGreaterThanOrEqualTo(CLIENTS);
            assertThat(peakRss).as("resident memory under attack (MiB)").isLessThan(RSS_BOUND_MIB);
            assertThat(connectionsBack).as("connections given back within 20 s").isNotNegative();
            assertThat(memoryBack).as("memory back within " + RSS_RETURN_SLACK_MIB + " MiB of idle within 40 s").isNotNegative();
        }
    }

    /** Milliseconds until the device's stats satisfy {@code done}, or -1 after {@code limit}. */
    private static long waitUntil(Duration limit, AttackedDevice device, java.util.function.Predicate<ProcessStats> done)
            throws Exception {
        long start = System.nanoTime();
        while (!done.test(device.stats())) {
            if (System.nanoTime() - start > limit.toNanos()) {
                return -1;
            }
            Thread.sleep(250);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static double percentile(List<NewClientProbe.Result> tries, double q) {
        long[] sorted = tries.stream().mapToLong(NewClientProbe.Result::millis).sorted().toArray();
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static void log(String line) {
        System.out.println("[slow-clients] " + line);
    }
}
