package io.pqrstuv.operation.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * The subject of a renewed TLS certificate (D-31 step 1): C, ST (state), a second ST
 * (province, when given and different), O, OU, CN. Empty strings omit the attribute.
 */
public record DistinguishedName(String country, String state, String province, String organization,
                                String organizationalUnit, String commonName) {
    /** X.520 upper bound for the name attributes used here. */
    static final int MAX_LENGTH = 64;

    /** Why the fields cannot make a subject, or null when they can (the caller answers 400). */
    public String problem() {
        if (!country.isEmpty() && !country.matches("[A-Za-z]{2}")) {
            return "country_name must be two letters";
        }
        if (commonName.isEmpty()) {
            return "common_name is required";
        }
        for (String v : List.of(state, province, organization, organizationalUnit, commonName)) {
            if (v.length() > MAX_LENGTH) {
                return "a name field is longer than " + MAX_LENGTH;
            }
            if (v.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
                return "a name field holds control characters";
            }
        }
        return null;
    }

    /** The {@code openssl req -subj} form, with {@code \} and {@code /} escaped. */
    public String opensslSubject() {
        List<String> rdns = new ArrayList<>();
        add(rdns, "C", country);
        add(rdns, "ST", state);
        if (!province.equals(state)) {
            add(rdns, "ST", province);
        }
        add(rdns, "O", organization);
        add(rdns, "OU", organizationalUnit);
        add(rdns, "CN", commonName);
        return String.join("", rdns);
    }

    private static void add(List<String> rdns, String type, String value) {
        if (!value.isEmpty()) {
            rdns.add("/" + type + "=" + value.replace("\\", "\\\\").replace("/", "\\/"));
        }
    }
}
