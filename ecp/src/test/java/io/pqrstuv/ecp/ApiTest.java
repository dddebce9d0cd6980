package io.pqrstuv.ecp;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.Command;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ApiTest {

    @Test
    void tableMatchesTheSpec() {
        assertThat(Api.values()).hasSize(16);
        assertThat(Arrays.stream(Api.values()).filter(a -> a.method().equals("GET"))).containsExactly(Api.INFO);
        assertThat(Arrays.stream(Api.values()).filter(a -> !a.authenticated()))
                .containsExactlyInAnyOrder(Api.INFO, Api.PING, Api.INIT);
        assertThat(Api.RENEW_TLS.command()).isEqualTo(Command.SIGN);
        assertThat(Api.SET_SYSLOG.command()).isEqualTo(Command.GET_PUB);
        assertThat(Api.LIST_KEYS.logName()).isEqualTo("list_keys");
    }

    @Test
    void pathLookupIsExact() {
        assertThat(Api.byPath("/keygen")).hasValue(Api.KEYGEN);
        assertThat(Api.byPath("/keygen/")).isEmpty();
        assertThat(Api.byPath("/KEYGEN")).isEmpty();
        assertThat(Api.byPath("/")).isEmpty();
    }
}
