package io.pqrstuv.cli.emulate;

import java.util.concurrent.CountDownLatch;

/** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes what was started. */
final class ServeUntilStopped {
    private ServeUntilStopped() {
    }

    static int await(AutoCloseable... parts) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable p : parts) {
                try {
                    p.close();
                } catch (Exception ignored) {
                    // shutting down
                }
            }
            stopped.countDown();
        }));
        System.out.flush();
        stopped.await();
        return 0;
    }
}
