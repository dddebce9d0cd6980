package io.pqrstuv.operation.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DistinguishedNameTest {
    @Test
    void buildsTheSubjectWithEscapesAndOmissions() {
        DistinguishedName dn = new DistinguishedName("DE", "Berlin", "Berlin", "A/B\\C", "", "host");
        assertThat(dn.problem()).isNull();
        assertThat(dn.opensslSubject()).isEqualTo("/C=DE/ST=Berlin/O=A\\/B\\\\C/CN=host");
        assertThat(new DistinguishedName("", "", "P", "", "", "x").opensslSubject()).isEqualTo("/ST=P/CN=x");
    }

    @Test
    void refusesBadFields() {
        assertThat(new DistinguishedName("D", "", "", "", "", "x").problem()).isNotNull();
        assertThat(new DistinguishedName("D1", "", "", "", "", "x").problem()).isNotNull();
        assertThat(new DistinguishedName("DE", "", "", "", "", "").problem()).isNotNull();
        assertThat(new DistinguishedName("DE", "a\u0000", "", "", "", "x").problem()).isNotNull();
        assertThat(new DistinguishedName("DE", "", "", "x".repeat(65), "", "x").problem()).isNotNull();
        assertThat(new DistinguishedName("", "", "", "", "", "ünïcode ok").problem()).isNull();
    }
}
