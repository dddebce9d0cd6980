package io.pqrstuv.operation.http;

import static io.pqrstuv.operation.support.EcpTestClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.operation.support.EcpTestClient;
import io.pqrstuv.operation.support.EcpTestClient.Reply;
import io.pqrstuv.operation.support.TestDevice;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * 32 keep-alive clients in parallel for 30 s (override with -Dpqrstuv.concurrency.seconds):
 * every request answered correctly, never two ICP commands in flight (ECP-NET-10), no deadlock.
 */
class ConcurrencyTest {
    private static final int CLIENTS = 32;

    @Test
    void thirtyTwoClientsAreAllServed() throws Exception {
        Duration run = Duration.ofSeconds(Long.getLong("pqrstuv.concurrency.seconds", 30));
        try (TestDevice device = TestDevice.startLocal(LineRate.UNLIMITED)) {
            String id = device.client().call("/keygen", -7).result().asText();
            long end = System.nanoTime() + run.toNanos();
            List<Future<int[]>> results = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < CLIENTS; c++) {
                    int clientNo = c;
                    EcpTestClient client = device.client();
                    results.add(pool.submit(() -> work(client, clientNo, id, end)));
                }
                int total = 0;
                for (Future<int[]> f : results) {
                    int[] r = f.get();
                    assertThat(r[1]).as("failed requests").isZero();
                    total += r[0];
                }
                assertThat(total).isGreaterThan(CLIENTS);
            }
            assertThat(device.tap().orElseThrow().violations()).isZero();
            assertThat(device.tap().orElseThrow().replyFrames()).isEqualTo(device.tap().orElseThrow().requestFrames());
        }
    }

    /** Alternates ping (own data echoed back) and init+sign; returns {ok, failed}. */
    private static int[] work(EcpTestClient client, int clientNo, String id, long end) throws Exception {
        int ok = 0;
        int failed = 0;
        for (int i = 0; System.nanoTime() < end; i++) {
            if (i % 2 == 0) {
                String data = Base64Url.encode(ByteBuffer.allocate(8).putInt(clientNo).putInt(i).array());
                Reply r = client.postUnauthenticated("/ping", JSON.getNodeFactory().textNode(data));
                boolean good = r.status() == 200 && r.code() == 0 && r.result().asText().equals(data);
                ok += good ? 1 : 0;
                failed += good ? 0 : 1;
            } else {
                Reply r = client.call("/sign", JSON.createObjectNode().put("identifier", id).put("document", "AAEC"));
                boolean good = r.status() == 200 && r.code() == 0;
                ok += good ? 1 : 0;
                failed += good ? 0 : 1;
            }
        }
        return new int[] {ok, failed};
    }
}
