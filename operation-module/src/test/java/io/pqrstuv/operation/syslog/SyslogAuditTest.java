package io.pqrstuv.operation.syslog;

import static io.pqrstuv.operation.support.EcpTestClient.JSON;
import static io.pqrstuv.operation.support.EcpTestClient.body;
import static io.pqrstuv.operation.support.EcpTestClient.headers;
import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.operation.support.EcpTestClient;
import io.pqrstuv.operation.support.EcpTestClient.Reply;
import io.pqrstuv.operation.support.RsyslogReceiver;
import io.pqrstuv.operation.support.RsyslogReceiver.Message;
import io.pqrstuv.operation.support.TestDevice;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Audit logging against a real rsyslogd on loopback (LOG-1..LOG-8, D-34, D-35): the right
 * templates and client IP, nothing before a server is configured, nothing secret ever.
 */
class SyslogAuditTest {
    private static final String TEMPLATE = "^(api=[a-z_]+ (code=0x[0-9A-F]{2}|http=[0-9]{3})|event=(syslog_changed|device_reset)) ip=127\\.0\\.0\\.1$";
    private static final int NOTICE = 16 * 8 + 5;
    private static final int WARNING = 16 * 8 + 4;

    @Test
    void eventsArriveWithFixedTemplatesAndNoSecrets() throws Exception {
        try (RsyslogReceiver rx = RsyslogReceiver.start();
             TestDevice device = TestDevice.startLocal(LineRate.UNLIMITED)) {
            EcpTestClient client = device.client();
            List<String> sensitive = new ArrayList<>();

            // Nothing is logged before a server is configured (LOG-1).
            assertThat(client.call("/keygen", -7).code()).isZero();
            device.module().orElseThrow().flushSyslog(Duration.ofSeconds(5));
            Thread.sleep(300);
            assertThat(rx.messages()).isEmpty();

            device.module().orElseThrow().audit().switchTo(
                    new SyslogAddress(InetAddress.getLoopbackAddress(), rx.port()), "127.0.0.1");

            Reply gen = client.call("/keygen", -7);                                   // api=keygen code=0x00
            String id = gen.result().asText();
            sensitive.add(id);
            Reply init = client.postUnauthenticated("/init", JSON.getNodeFactory().textNode(""));
            String session = init.result().get("session").asText();
            String badToken = Base64Url.encode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
            sensitive.add(session);
            sensitive.add(badToken);
            Map<String, String> spoofed = new HashMap<>(headers(session, badToken));
            spoofed.put("X-Forwarded-For", "10.9.9.9");
            spoofed.put("Forwarded", "for=10.9.9.8");
            assertThat(client.send("POST", "/keygen", spoofed, body(JSON.getNodeFactory().numberNode(-7))).code())
                    .isEqualTo(8);                                                   // api=keygen code=0x08
            assertThat(client.call("/list_keys", -7).code()).isZero();               // api=list_keys code=0x00
            String unknown = Base64Url.encode(new byte[16]);
            assertThat(client.call("/key_delete", unknown).code()).isEqualTo(9);     // api=key_delete code=0x09
            String doc = Base64Url.encode("a document that must never be logged".getBytes());
            sensitive.add(doc);
            Reply sig = client.call("/sign", JSON.createObjectNode().put("identifier", id).put("document", doc));
            assertThat(sig.code()).isZero();                                         // not logged
            sensitive.add(sig.result().asText());
            assertThat(client.call("/sign", JSON.createObjectNode().put("identifier", unknown).put("document", doc)).code())
                    .isEqualTo(9);                                                   // api=sign code=0x09
            assertThat(client.info().code()).isZero();                              // not logged
            assertThat(client.call("/import", "***").status()).isEqualTo(417);      // api=import http=417
            assertThat(client.call("/set_secret", -7).code()).isEqualTo(2);         // api=set_secret code=0x02
            assertThat(client.call("/crypto_reset", "").code()).isZero();           // not logged
            assertThat(client.call("/device_reset", "").code()).isZero();           // event=device_reset
            assertThat(client.call("/keygen", -7).code()).isZero();                 // no server any more
            sensitive.addAll(client.sentHeaders());

            device.module().orElseThrow().flushSyslog(Duration.ofSeconds(5));
            List<Message> got = rx.await(8, Duration.ofSeconds(5));
            Thread.sleep(500);
            got = rx.messages();
            assertThat(got).extracting(Message::text).containsExactly(
                    "api=keygen code=0x00 ip=127.0.0.1",
                    "api=keygen code=0x08 ip=127.0.0.1",
                    "api=list_keys code=0x00 ip=127.0.0.1",
                    "api=key_delete code=0x09 ip=127.0.0.1",
                    "api=sign code=0x09 ip=127.0.0.1",
                    "api=import http=417 ip=127.0.0.1",
                    "api=set_secret code=0x02 ip=127.0.0.1",
                    "event=device_reset ip=127.0.0.1");
            assertThat(got).extracting(Message::pri).containsExactly(
                    NOTICE, WARNING, NOTICE, WARNING, WARNING, WARNING, WARNING, NOTICE);
            for (Message m : got) {
                assertThat(m.text()).matches(TEMPLATE);
                assertThat(m.raw()).contains(" pqrstuv ");
                for (String s : sensitive) {
                    assertThat(m.raw()).doesNotContain(s);
                }
            }
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode signedSyslog(EcpTestClient client, String id, String json)
            throws Exception {
        String data = Base64Url.encode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Reply sig = client.call("/sign", JSON.createObjectNode().put("identifier", id).put("document", data));
        assertThat(sig.code()).isZero();
        return JSON.createObjectNode().put("syslog_data", data).put("signature", sig.result().asText()).put("identifier", id);
    }

    @Test
    void setSyslogVerifiesTellsTheOldServerAndSwitches() throws Exception {
        try (RsyslogReceiver a = RsyslogReceiver.start();
             RsyslogReceiver b = RsyslogReceiver.start();
             TestDevice device = TestDevice.startLocal(LineRate.UNLIMITED)) {
            EcpTestClient client = device.client();
            String id = client.call("/keygen", -7).result().asText();
            String toA = "{\"syslog_server_host\":\"127.0.0.1\",\"syslog_port\":" + a.port() + "}";
            String toB = "{\"syslog_server_host\":\"127.0.0.1\",\"syslog_port\":" + b.port() + "}";

            assertThat(client.call("/set_syslog", signedSyslog(client, id, toA)).json().toString())
                    .isEqualTo("{\"code\":0,\"result\":\"\"}");
            assertThat(a.await(1, Duration.ofSeconds(5))).extracting(Message::text)
                    .containsExactly("api=set_syslog code=0x00 ip=127.0.0.1");

            // Tampered data, a host name, port 0, an unknown key: refused, the server stays A.
            var tampered = signedSyslog(client, id, toB);
            tampered.put("syslog_data", Base64Url.encode(toB.replace("127.0.0.1", "127.0.0.2").getBytes()));
            assertThat(client.call("/set_syslog", tampered).status()).isEqualTo(400);
            assertThat(client.call("/set_syslog", signedSyslog(client, id,
                    "{\"syslog_server_host\":\"example.com\",\"syslog_port\":514}")).status()).isEqualTo(400);
            assertThat(client.call("/set_syslog", signedSyslog(client, id,
                    "{\"syslog_server_host\":\"127.0.0.1\",\"syslog_port\":0}")).status()).isEqualTo(400);
            assertThat(client.call("/set_syslog", signedSyslog(client, id, "not json")).status()).isEqualTo(400);
            var unknown = signedSyslog(client, id, toB).put("identifier", Base64Url.encode(new byte[16]));
            assertThat(client.call("/set_syslog", unknown).json().toString()).isEqualTo("{\"code\":9,\"result\":\"\"}");
            assertThat(client.call("/set_syslog", signedSyslog(client, id, toB).put("signature", "***")).status())
                    .isEqualTo(417);

            assertThat(client.call("/set_syslog", signedSyslog(client, id, toB)).code()).isZero();
            assertThat(client.call("/keygen", -7).code()).isZero();
            device.module().orElseThrow().flushSyslog(Duration.ofSeconds(5));

            assertThat(a.await(8, Duration.ofSeconds(5))).extracting(Message::text).containsExactly(
                    "api=set_syslog code=0x00 ip=127.0.0.1",
                    "api=set_syslog http=400 ip=127.0.0.1",
                    "api=set_syslog http=400 ip=127.0.0.1",
                    "api=set_syslog http=400 ip=127.0.0.1",
                    "api=set_syslog http=400 ip=127.0.0.1",
                    "api=set_syslog code=0x09 ip=127.0.0.1",
                    "api=set_syslog http=417 ip=127.0.0.1",
                    "event=syslog_changed ip=127.0.0.1");
            assertThat(b.await(2, Duration.ofSeconds(5))).extracting(Message::text).containsExactly(
                    "api=set_syslog code=0x00 ip=127.0.0.1",
                    "api=keygen code=0x00 ip=127.0.0.1");
            Thread.sleep(300);
            assertThat(a.messages()).hasSize(8);
            for (Message m : a.messages()) {
                assertThat(m.text()).doesNotContain(id).doesNotContain(String.valueOf(b.port()));
            }
        }
    }
}
