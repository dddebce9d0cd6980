package io.pqrstuv.client;

import java.util.Objects;

/**
 * The /renew_tls request (D-31): subject fields of the new certificate, whether to export it to the
 * device's medium, and the key that endorses the CSR. Empty strings omit an attribute.
 */
public record TlsRenewal(
        boolean export,
        String countryName,
        String state,
        String province,
        String organizationName,
        String organizationUnitName,
        String commonName,
        KeyId identifier) {
    public TlsRenewal {
        countryName = Objects.requireNonNullElse(countryName, "");
        state = Objects.requireNonNullElse(state, "");
        province = Objects.requireNonNullElse(province, "");
        organizationName = Objects.requireNonNullElse(organizationName, "");
        organizationUnitName = Objects.requireNonNullElse(organizationUnitName, "");
        Objects.requireNonNull(identifier, "identifier");
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("the certificate needs a common name");
        }
        if (!countryName.isEmpty() && !countryName.matches("[A-Za-z]{2}")) {
            throw new IllegalArgumentException("country name must be 2 letters (ISO 3166), or empty");
        }
    }
}
