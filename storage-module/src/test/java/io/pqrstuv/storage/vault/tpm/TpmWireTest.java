package io.pqrstuv.storage.vault.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The canonical encodings the binding hands to tpm2-tss, and the parsers of what comes back. */
class TpmWireTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void pcrSelectionOfTheSealingPolicy() {
        // count 1, SHA-256, 3 select bytes, PCR 0,2,4,7 = 0b1001_0101
        assertThat(HEX.formatHex(TpmWire.pcrSelection(TpmWire.ALG_SHA256, 0, 2, 4, 7))).isEqualTo("00000001000b03950000");
        assertThat(HEX.formatHex(TpmWire.pcrSelection(TpmWire.ALG_SHA256, 23))).isEqualTo("00000001000b03000080");
        assertThatThrownBy(() -> TpmWire.pcrSelection(TpmWire.ALG_SHA256, 24)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TpmWire.pcrSelection(TpmWire.ALG_SHA256, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sealedObjectTemplateHasOnlyThePolicyAsAuthorisation() {
        byte[] policy = new byte[32];
        policy[0] = (byte) 0xAA;
        byte[] t = TpmWire.sealedObjectTemplate(policy);
        String hex = HEX.formatHex(t);
        // size ‖ KEYEDHASH ‖ SHA-256 ‖ fixedTPM|fixedParent|adminWithPolicy|noDA (no userWithAuth,
        // no sensitiveDataOrigin) ‖ authPolicy ‖ scheme NULL ‖ empty unique
        assertThat(hex).isEqualTo("002e" + "0008" + "000b" + "00000492" + "0020" + "aa" + "00".repeat(31) + "0010" + "0000");
        assertThat(t.length - 2).isEqualTo(0x2e);
        assertThatThrownBy(() -> TpmWire.sealedObjectTemplate(new byte[20])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storagePrimaryTemplateIsARestrictedP256DecryptionKey() {
        String hex = HEX.formatHex(TpmWire.storagePrimaryTemplate());
        assertThat(hex).isEqualTo("001a" + "0023" + "000b" + "00030472" + "0000"
                + "0006" + "0080" + "0043" + "0010" + "0003" + "0010" + "0000" + "0000");
    }

    @Test
    void digestValuesForAnExtend() {
        assertThat(HEX.formatHex(TpmWire.sha256DigestValues(new byte[32]))).isEqualTo("00000001000b" + "00".repeat(32));
        assertThatThrownBy(() -> TpmWire.sha256DigestValues(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handlesAreParsedAndMalformedListsRefused() throws Exception {
        assertThat(TpmWire.handles(HEX.parseHex("00000001" + "00000002" + "81505100" + "81505104")))
                .containsExactly(0x81505100, 0x81505104);
        assertThat(TpmWire.handles(HEX.parseHex("00000001" + "00000000"))).isEmpty();
        assertThatThrownBy(() -> TpmWire.handles(HEX.parseHex("00000006" + "00000000")))
                .isInstanceOf(TpmException.class).hasMessageContaining("capability 6");
        assertThatThrownBy(() -> TpmWire.handles(HEX.parseHex("00000001" + "00000003" + "81505100")))
                .isInstanceOf(TpmException.class).hasMessageContaining("count 3");
        assertThatThrownBy(() -> TpmWire.handles(HEX.parseHex("00000001" + "ffffffff")))
                .isInstanceOf(TpmException.class);
        assertThatThrownBy(() -> TpmWire.handles(HEX.parseHex("000000")))
                .isInstanceOf(TpmException.class).hasMessageContaining("truncated");
    }

    @Test
    void digestListsAreParsedAndMalformedListsRefused() throws Exception {
        var d = TpmWire.digests(HEX.parseHex("00000002" + "0002abcd" + "0000"));
        assertThat(d).hasSize(2);
        assertThat(d.get(0)).containsExactly(0xab, 0xcd);
        assertThat(d.get(1)).isEmpty();
        assertThatThrownBy(() -> TpmWire.digests(HEX.parseHex("00000009"))).isInstanceOf(TpmException.class);
        assertThatThrownBy(() -> TpmWire.digests(HEX.parseHex("00000001" + "0041" + "00".repeat(65))))
                .isInstanceOf(TpmException.class).hasMessageContaining("size 65");
        assertThatThrownBy(() -> TpmWire.digests(HEX.parseHex("00000001" + "0020" + "00")))
                .isInstanceOf(TpmException.class).hasMessageContaining("truncated");
    }

    @Test
    void responseCodesAreClassified() {
        assertThat(TpmRc.isPolicyFailure(0x99D)).isTrue(); // TPM_RC_POLICY_FAIL, session 1
        assertThat(TpmRc.isPolicyFailure(0x128)).isTrue(); // TPM_RC_PCR_CHANGED
        assertThat(TpmRc.isPolicyFailure(0x18B)).isFalse();
        assertThat(TpmRc.isConnectionLost(0xA000A)).isTrue(); // TCTI I/O error
        assertThat(TpmRc.isConnectionLost(0x70018)).isTrue(); // ESAPI: bad ESYS_TR
        assertThat(TpmRc.isConnectionLost(0x80008)).isTrue(); // SAPI: no connection
        assertThat(TpmRc.isConnectionLost(0x18B)).isTrue(); // TPM_RC_HANDLE, handle 1: unknown to a restarted TPM
        assertThat(TpmRc.isConnectionLost(0x910)).isTrue(); // TPM_RC_REFERENCE_H0
        assertThat(TpmRc.isConnectionLost(0x100)).isTrue(); // TPM_RC_INITIALIZE
        assertThat(TpmRc.isConnectionLost(0x99D)).isFalse();
        assertThat(TpmRc.isConnectionLost(0x1C4)).isFalse(); // TPM_RC_VALUE of parameter 1
        assertThat(TpmRc.isConnectionLost(0x70011)).isTrue(); // ESAPI: malformed response
        assertThat(TpmRc.isConnectionLost(0x7001B)).isFalse(); // ESAPI: response HMAC did not verify
        assertThat(TpmRc.isRetry(0x922)).isTrue();
        assertThat(TpmRc.isRetry(0x99D)).isFalse();
    }
}
