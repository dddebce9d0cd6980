package io.pqrstuv.testkit.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.serial.Link;
import io.pqrstuv.testkit.io.TimedReads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing releases everything; a hang-up on one side cuts the whole cable. */
class IcpTapCloseTest {

    @Test
    void closingAPtyTapKillsBothSocatProcessesAndRemovesTheDevices() throws Exception {
        IcpTap tap = IcpTap.overSocatPtys();
        Path om = tap.operationModuleDevice();
        Path sm = tap.storageModuleDevice();
        List<ProcessHandle> socats = socatsFor(om, sm);
        assertThat(socats).hasSize(2).allMatch(ProcessHandle::isAlive);
        assertThat(om).exists();
        assertThat(sm).exists();
        assertThat(threads()).contains("icp-tap TO_STORAGE", "icp-tap TO_OPERATION");

        tap.close();
        for (ProcessHandle p : socats) {
            p.onExit().get(5, TimeUnit.SECONDS);
            assertThat(p.isAlive()).isFalse();
        }
        assertThat(Files.exists(om, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(sm, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(threads()).doesNotContain("icp-tap TO_STORAGE", "icp-tap TO_OPERATION", "icp-tap TO_STORAGE writer", "icp-tap TO_OPERATION writer");
        assertThat(tap.isOpen()).isFalse();
        tap.close(); // twice is harmless
    }

    @Test
    void closingAPipeTapEndsBothModuleLinksAndRefusesInjection() throws Exception {
        IcpTap tap = IcpTap.overPipes();
        Link om = tap.operationModuleLink();
        Link sm = tap.storageModuleLink();
        tap.close();
        assertThat(om.read(new byte[1], 0, 1, Duration.ofSeconds(1))).isEqualTo(-1);
        assertThat(sm.read(new byte[1], 0, 1, Duration.ofSeconds(1))).isEqualTo(-1);
        assertThat(threads()).doesNotContain("icp-tap TO_STORAGE", "icp-tap TO_OPERATION", "icp-tap TO_STORAGE writer", "icp-tap TO_OPERATION writer");
        assertThatThrownBy(() -> tap.inject(Direction.TO_STORAGE, new byte[] {1})).isInstanceOf(IOException.class);
    }

    @Test
    void aHangUpOnOneSideClosesTheTapAndTheOtherSideSeesTheEnd() throws Exception {
        try (IcpTap tap = IcpTap.overPipes()) {
            tap.operationModuleLink().write(new byte[] {1, 2, 3});
            tap.operationModuleLink().close();
            assertThat(TimedReads.readFully(tap.storageModuleLink()::read, 3, Duration.ofSeconds(2))).containsExactly(1, 2, 3);
            assertThat(TimedReads.drainToEnd(tap.storageModuleLink()::read, Duration.ofSeconds(2))).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (tap.isOpen() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(tap.isOpen()).isFalse();
            assertThat(tap.failure()).isNull();
        }
    }

    private static List<ProcessHandle> socatsFor(Path om, Path sm) {
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> Arrays.stream(a).anyMatch(
                        arg -> arg.endsWith("link=" + om) || arg.endsWith("link=" + sm))).orElse(false))
                .toList();
    }

    private static List<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
}
