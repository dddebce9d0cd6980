package io.pqrstuv.icp.alg;

import static io.pqrstuv.icp.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlgIdTest {

    /** Notes §0.4 and §3.3, copied as text. */
    @ParameterizedTest
    @CsvSource({
        "-7, FFFFF9", "-19, FFFFED", "-37, FFFFDB", "-41, FFFFD7", "-42, FFFFD6",
        "-48, FFFFD0", "-49, FFFFCF", "-50, FFFFCE", "-257, FFFEFF",
        "-65537, FEFFFF", "-65538, FEFFFE", "-65539, FEFFFD",
        "-65540, FEFFFC", "-65541, FEFFFB", "-65542, FEFFFA", "-65543, FEFFF9", "-65544, FEFFF8", "-65545, FEFFF7",
        "-65546, FEFFF6", "-65547, FEFFF5", "-65548, FEFFF4", "-65549, FEFFF3", "-65550, FEFFF2", "-65551, FEFFF1",
        "-8388608, 800000", "8388607, 7FFFFF", "0, 000000", "1, 000001", "-1, FFFFFF", "-16, FFFFF0", "65536, 010000"
    })
    void encodesAndDecodesTheTable(int id, String bytes) {
        assertThat(AlgId.encode(id)).isEqualTo(hex(bytes));
        assertThat(AlgId.decode(hex(bytes))).isEqualTo(id);
        byte[] padded = hex("AA" + bytes + "BB");
        assertThat(AlgId.decode(padded, 1)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(ints = {-8388609, 8388608, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 24, -(1 << 24)})
    void outOfRangeIdsAreRejected(int id) {
        assertThat(AlgId.inRange(id)).isFalse();
        assertThatThrownBy(() -> AlgId.encode(id)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4, 16})
    void decodeWantsExactlyThreeBytes(int length) {
        assertThatThrownBy(() -> AlgId.decode(new byte[length])).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 500)
    void roundTripsTheWholeRange(@ForAll @IntRange(min = -8388608, max = 8388607) int id) {
        assertThat(AlgId.inRange(id)).isTrue();
        assertThat(AlgId.decode(AlgId.encode(id))).isEqualTo(id);
    }

    @Property(tries = 500)
    void everyThreeByteStringDecodesAndReEncodes(@ForAll byte a, @ForAll byte b, @ForAll byte c) {
        byte[] raw = {a, b, c};
        int id = AlgId.decode(raw);
        assertThat(AlgId.inRange(id)).isTrue();
        assertThat(AlgId.encode(id)).isEqualTo(raw);
    }
}
