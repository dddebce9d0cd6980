package io.pqrstuv.operation.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** D-33 extraction: local IP literals and ports only; everything else is refused (400 upstream). */
class SyslogTargetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"syslog_server_host\":\"192.168.26.79\",\"syslog_port\":514}",
        "{\"syslog_server_host\":\"10.0.0.1\",\"syslog_port\":1}",
        "{\"syslog_server_host\":\"172.31.255.255\",\"syslog_port\":65535}",
        "{\"syslog_server_host\":\"100.64.0.1\",\"syslog_port\":514}",
        "{\"syslog_server_host\":\"169.254.1.1\",\"syslog_port\":514}",
        "{\"syslog_server_host\":\"127.0.0.1\",\"syslog_port\":514}",
        "{\"syslog_server_host\":\"fd00::1\",\"syslog_port\":514}",
        "{\"syslog_server_host\":\"fe80::1\",\"syslog_port\":514}",
        "{\"syslog_server_host\":\"::1\",\"syslog_port\":514,\"extra\":true}",
    })
    void acceptsLocalLiterals(String json) throws Exception {
        assertThat(SyslogAddress.fromJson(JSON.readTree(json))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"syslog_server_host\":\"8.8.8.8\",\"syslog_port\":514}",
        "{\"syslog_server_host\":\"172.32.0.1\",\"syslog_port\":514}",
        "{\"syslog_server_host\":\"2001:db8::1\",\"syslog_port\":514}",
        "{\"syslog_server_host\":\"example.com\",\"syslog_port\":514}",
        "{\"syslog_server_host\":\"localhost\",\"syslog_port\":514}",
        "{\"syslog_server_host\":\"192.168.1.1\",\"syslog_port\":0}",
        "{\"syslog_server_host\":\"192.168.1.1\",\"syslog_port\":70000}",
        "{\"syslog_server_host\":\"192.168.1.1\",\"syslog_port\":\"514\"}",
        "{\"syslog_server_host\":\"192.168.1.1\",\"syslog_port\":514.5}",
        "{\"syslog_server_host\":\"192.168.1.1\"}",
        "{\"syslog_port\":514}",
        "{\"syslog_server_host\":192,\"syslog_port\":514}",
        "{\"syslog_server_host\":\"192.168.1.1:514\",\"syslog_port\":514}",
        "{\"syslog_server_host\":\"[fe80::1]\",\"syslog_port\":514}",
        "{\"syslog_server_host\":\"fe80::1%eth0\",\"syslog_port\":514}",
        "{\"syslog_server_host\":\"\",\"syslog_port\":514}",
        "{\"syslog_server_host\":\"192.168.1\",\"syslog_port\":514}",
        "[]",
        "\"192.168.1.1\"",
    })
    void refusesEverythingElse(String json) throws Exception {
        assertThat(SyslogAddress.fromJson(JSON.readTree(json))).isEmpty();
    }
}
