package io.pqrstuv.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    private final List<String> log = new CopyOnWriteArrayList<>();

    private AutoCloseable part(String name) {
        log.add("start " + name);
        return () -> log.add("stop " + name);
    }

    @Test
    void stopsInReverseOrderOnce() throws Exception {
        Lifecycle parts = new Lifecycle();
        parts.add(part("a"));
        parts.add(part("b"));
        parts.add("c", () -> log.add("stop c"));
        parts.close();
        parts.close();
        assertThat(log).containsExactly("start a", "start b", "stop c", "stop b", "stop a");
        assertThat(parts.isStopped()).isTrue();
        assertThatThrownBy(() -> parts.add(part("late"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailedStartUndoesWhatStartedAndKeepsItsCause() {
        IOException boom = new IOException("c failed to start");
        assertThatThrownBy(() -> startThreeFailingAtC(boom)).isSameAs(boom);
        assertThat(log).containsExactly("start a", "start b", "stop b", "stop a");
    }

    private void startThreeFailingAtC(IOException failure) throws IOException {
        Lifecycle parts = new Lifecycle();
        try {
            parts.add(part("a"));
            parts.add(part("b"));
            throw failure;
        } catch (Throwable t) {
            parts.abort(t);
            throw t;
        }
    }

    @Test
    void everyPartIsStoppedEvenWhenOneFails() {
        Lifecycle parts = new Lifecycle();
        parts.add(part("a"));
        parts.add("b", () -> {
            throw new IOException("b will not stop");
        });
        parts.add("c", () -> {
            throw new IllegalStateException("c will not stop");
        });
        parts.add(part("d"));
        assertThatThrownBy(parts::close).isInstanceOf(IllegalStateException.class).hasMessage("c will not stop")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(IOException.class));
        assertThat(log).containsExactly("start a", "start d", "stop d", "stop a");
    }

    @Test
    void stopFailuresDuringAbortAreSuppressedUnderTheCause() {
        Lifecycle parts = new Lifecycle();
        parts.add("x", () -> {
            throw new IOException("x will not stop");
        });
        RuntimeException cause = new RuntimeException("start failed");
        parts.abort(cause);
        assertThat(cause.getSuppressed()).singleElement().extracting(Throwable::getMessage).isEqualTo("x will not stop");
        parts.abort(cause); // a second abort stops nothing twice
        assertThat(cause.getSuppressed()).hasSize(1);
    }

    @Test
    void aBackgroundPartStartsSideBySideAndStopsInItsPlace() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Lifecycle parts = new Lifecycle();
        parts.add(part("first"));
        Lifecycle.Background<AutoCloseable> slow = parts.startInBackground(() -> {
            release.await(5, TimeUnit.SECONDS);
            return part("background");
        });
        parts.add(part("last")); // started while the background part is still starting
        release.countDown();
        slow.await();
        parts.close();
        assertThat(log).containsSubsequence("start first", "start last");
        assertThat(log.subList(log.size() - 3, log.size())).containsExactly("stop last", "stop background", "stop first");
    }

    @Test
    void aBackgroundStartThatFailsReportsItsCauseAndStopsNothing() throws Exception {
        Lifecycle parts = new Lifecycle();
        IOException boom = new IOException("storage would not open");
        Lifecycle.Background<AutoCloseable> failing = parts.startInBackground(() -> {
            throw boom;
        });
        parts.add(part("other"));
        assertThatThrownBy(failing::await).isSameAs(boom);
        parts.abort(boom);
        assertThat(log).containsExactly("start other", "stop other");
        assertThat(boom.getSuppressed()).isEmpty();
    }

    @Test
    void abortWaitsForABackgroundStartAndStopsIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Lifecycle parts = new Lifecycle();
        parts.startInBackground(() -> {
            Thread.sleep(200);
            started.countDown();
            return part("slow");
        });
        parts.abort(new IOException("the next part failed"));
        assertThat(started.getCount()).isZero();
        assertThat(log).containsExactly("start slow", "stop slow");
    }
}
