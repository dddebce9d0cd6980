package io.pqrstuv.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretFormsTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void base64FormsAreFoundInsideALongerTextAtEveryAlignment() {
        for (int trial = 0; trial < 200; trial++) {
            byte[] value = new byte[32];
            random.nextBytes(value);
            List<Needle> needles = SecretForms.of("v", value);
            NeedleMatcher matcher = new NeedleMatcher(needles);
            int k = trial % 7;
            byte[] around = new byte[k + value.length + 5];
            random.nextBytes(around);
            System.arraycopy(value, 0, around, k, value.length);
            for (Base64.Encoder enc : List.of(Base64.getUrlEncoder().withoutPadding(), Base64.getEncoder())) {
                byte[] text = enc.encodeToString(around).getBytes(StandardCharsets.ISO_8859_1);
                assertThat(matcher.find(text, 0, text.length)).as("alignment %d", k).isNotEmpty();
            }
        }
    }

    @Test
    void everyFormIsDistinctAndNamed() {
        byte[] value = new byte[32];
        random.nextBytes(value);
        List<Needle> needles = SecretForms.of("secret", value);
        assertThat(needles).extracting(Needle::form)
                .contains("raw", "reversed", "int-words", "int-swapped", "long-swapped", "hex", "HEX", "hex/utf16be",
                        "base64url@0", "base64url@1", "base64url@2");
        assertThat(needles).allMatch(n -> n.value().equals("secret"));
        assertThat(needles.stream().map(n -> new String(n.pattern(), StandardCharsets.ISO_8859_1)).distinct()).hasSameSizeAs(needles);
    }

    @Test
    void matcherFindsOverlappingAndAdjacentOccurrencesOnce() {
        byte[] value = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        NeedleMatcher m = new NeedleMatcher(List.of(new Needle("v", "raw", value)));
        byte[] data = new byte[100];
        System.arraycopy(value, 0, data, 3, 16);
        System.arraycopy(value, 0, data, 19, 16);
        System.arraycopy(value, 0, data, 84, 16);
        assertThat(m.find(data, 0, data.length)).extracting(NeedleMatcher.Match::offset).containsExactly(3, 19, 84);
        assertThat(m.find(data, 0, 99)).as("a match cut by the range end").hasSize(2);
        assertThat(m.find(data, 0, 19, 100)).as("start limit").hasSize(1);
    }

    @Test
    void shortValuesAreRefused() {
        assertThatThrownBy(() -> SecretForms.of("v", new byte[7])).isInstanceOf(IllegalArgumentException.class);
    }
}
