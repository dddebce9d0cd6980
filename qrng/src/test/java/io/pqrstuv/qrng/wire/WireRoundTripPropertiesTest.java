package io.pqrstuv.qrng.wire;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Every payload the device may send decodes and re-encodes to the same bytes (byte-exact config round trip). */
class WireRoundTripPropertiesTest {

    @Property
    void statusRoundTrips(@ForAll @Size(5) byte[] payload) throws Exception {
        assertThat(QccStatus.decode(payload).encode()).containsExactly(payload);
    }

    @Property
    void configRoundTrips(@ForAll @Size(12) byte[] payload, @ForAll @IntRange(min = 0, max = 2) int postprocess)
            throws Exception {
        payload[0] = (byte) postprocess;
        assertThat(QccConfig.decode(payload).encode()).containsExactly(payload);
    }

    @Property
    void statisticsRoundTrip(@ForAll @Size(30) byte[] payload) throws Exception {
        assertThat(QccStatistics.decode(payload).encode()).containsExactly(payload);
    }

    @Property
    void updateResponseRoundTrips(@ForAll @Size(5) byte[] payload, @ForAll @IntRange(min = 0, max = 6) int sts)
            throws Exception {
        payload[0] = (byte) sts;
        assertThat(UpdateResponse.decode(payload).encode()).containsExactly(payload);
    }

    @Property
    void checksumPlusSumIsFF(@ForAll @Size(max = 1024) byte[] data) {
        int sum = 0;
        for (byte b : data) {
            sum += b & 0xFF;
        }
        assertThat((sum + Checksum8.of(data)) & 0xFF).isEqualTo(0xFF);
    }
}
