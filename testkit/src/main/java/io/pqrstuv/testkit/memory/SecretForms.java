package io.pqrstuv.testkit.memory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forms in which a secret value can sit in a Java process, as byte patterns to look for in a heap
 * dump or in process memory:
 *
 * <ul>
 *   <li>{@code raw}: the bytes as they are. HPROF writes {@code int[]} and {@code long[]} elements
 *       big-endian, so an array holding the value as big-endian words (a {@code BigInteger} magnitude,
 *       a SHA-2 message schedule) shows up raw in a heap dump.</li>
 *   <li>{@code reversed}: little-endian (the JDK's EC and EdDSA scalars; in RAM also a {@code Nat}
 *       {@code int[]} of Bouncy Castle, least significant word first).</li>
 *   <li>{@code int-words}: 32-bit words in reverse order, each big-endian: a BC {@code Nat} array as
 *       HPROF writes it.</li>
 *   <li>{@code int-swapped}, {@code long-swapped}: each 4- or 8-byte group byte-reversed: the x86 RAM
 *       of an {@code int[]}/{@code long[]} of big-endian words ({@code BigInteger}, SHA-256/SHA-512
 *       schedules), for {@code /proc/PID/mem}.</li>
 *   <li>{@code hex}, {@code HEX}: ASCII hex (Latin-1 strings and byte buffers), and UTF-16 of it.</li>
 *   <li>{@code base64url@k}, {@code base64@k}: the characters that depend on the value alone when it
 *       starts k = 0, 1, 2 bytes into a longer base64 text (a key inside a JSON body); UTF-16 too.</li>
 * </ul>
 */
public final class SecretForms {
    private SecretForms() {
    }

    /** Every form of {@code value} (at least 8 bytes), named {@code name}. */
    public static List<Needle> of(String name, byte[] value) {
        if (value.length < 8) {
            throw new IllegalArgumentException("values shorter than 8 bytes cannot be told from chance");
        }
        Map<String, byte[]> forms = new LinkedHashMap<>();
        forms.put("raw", value.clone());
        forms.put("reversed", reverse(value));
        if (value.length % 4 == 0 && value.length > 4) {
            forms.put("int-words", intWordsReversed(value));
            forms.put("int-swapped", swapGroups(value, 4));
        }
        if (value.length % 8 == 0 && value.length > 8) {
            forms.put("long-swapped", swapGroups(value, 8));
        }
        String hex = HexFormat.of().formatHex(value);
        addText(forms, "hex", hex);
        addText(forms, "HEX", hex.toUpperCase(java.util.Locale.ROOT));
        for (int k = 0; k < 3; k++) {
            String url = aligned(Base64.getUrlEncoder().withoutPadding(), value, k);
            String std = aligned(Base64.getEncoder().withoutPadding(), value, k);
            addText(forms, "base64url@" + k, url);
            if (!std.equals(url)) {
                addText(forms, "base64@" + k, std);
            }
        }
        List<Needle> out = new ArrayList<>();
        List<byte[]> seen = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : forms.entrySet()) {
            if (seen.stream().noneMatch(s -> Arrays.equals(s, e.getValue()))) {
                seen.add(e.getValue());
                out.add(new Needle(name, e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    private static void addText(Map<String, byte[]> forms, String form, String text) {
        forms.put(form, text.getBytes(StandardCharsets.ISO_8859_1));
        forms.put(form + "/utf16be", text.getBytes(StandardCharsets.UTF_16BE));
        forms.put(form + "/utf16le", text.getBytes(StandardCharsets.UTF_16LE));
    }

    /**
     * The base64 characters of {@code value} placed {@code k} bytes into a longer text: only the
     * characters whose six bits all come from the value.
     */
    static String aligned(Base64.Encoder encoder, byte[] value, int k) {
        byte[] shifted = new byte[k + value.length];
        System.arraycopy(value, 0, shifted, k, value.length);
        String all = encoder.encodeToString(shifted);
        int firstBit = 8 * k;
        int endBit = 8 * (k + value.length);
        int from = (firstBit + 5) / 6;
        int to = endBit / 6; // exclusive: char i covers bits [6i, 6i + 6)
        return all.substring(from, to);
    }

    static byte[] reverse(byte[] value) {
        byte[] r = new byte[value.length];
        for (int i = 0; i < value.length; i++) {
            r[i] = value[value.length - 1 - i];
        }
        return r;
    }

    static byte[] swapGroups(byte[] value, int group) {
        byte[] r = new byte[value.length];
        for (int g = 0; g < value.length; g += group) {
            for (int i = 0; i < group; i++) {
                r[g + i] = value[g + group - 1 - i];
            }
        }
        return r;
    }

    static byte[] intWordsReversed(byte[] value) {
        byte[] r = new byte[value.length];
        int words = value.length / 4;
        for (int w = 0; w < words; w++) {
            System.arraycopy(value, 4 * (words - 1 - w), r, 4 * w, 4);
        }
        return r;
    }
}
