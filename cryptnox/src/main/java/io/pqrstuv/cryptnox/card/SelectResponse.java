package io.pqrstuv.cryptnox.card;

import io.pqrstuv.cryptnox.error.CardProtocolException;
import java.util.Arrays;

/**
 * The SELECT reply (notes §2.2): applet type, version, status flags, user-key flags and the 16
 * public custom bytes.
 */
public record SelectResponse(int typeByte, AppletVersion version, int statusFlags, int userKeyFlags, byte[] customBytes) {
    public SelectResponse {
        customBytes = customBytes.clone();
    }

    static SelectResponse parse(byte[] d) throws CardProtocolException {
        if (d.length < 24) {
            throw new CardProtocolException("SELECT: the card answered " + d.length + " bytes, expected 24");
        }
        return new SelectResponse(d[0] & 0xFF, new AppletVersion(d[1] & 0xFF, d[2] & 0xFF, d[3] & 0xFF),
                ((d[4] & 0xFF) << 8) | (d[5] & 0xFF), ((d[6] & 0xFF) << 8) | (d[7] & 0xFF),
                Arrays.copyOfRange(d, 8, 24));
    }

    @Override
    public byte[] customBytes() {
        return customBytes.clone();
    }

    public boolean resetDisabled() {
        return (statusFlags & 0x80) != 0;
    }

    public boolean initialized() {
        return (statusFlags & 0x40) != 0;
    }

    public boolean seedLoaded() {
        return (statusFlags & 0x20) != 0;
    }

    public boolean pinAuthentication() {
        return (statusFlags & 0x10) != 0;
    }

    public boolean pinlessPathSet() {
        return (statusFlags & 0x08) != 0;
    }

    public boolean extendedPublicKeyExport() {
        return (statusFlags & 0x04) != 0;
    }

    public boolean clearPublicKeyRead() {
        return (statusFlags & 0x02) != 0;
    }

    /** User key slot 1 (P-256), 2 (RSA-2048), 3 (FIDO). */
    public boolean userKey(int slot) {
        if (slot < 1 || slot > 3) {
            throw new IllegalArgumentException("user key slots are 1 to 3");
        }
        return (userKeyFlags & (1 << (slot - 1))) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SelectResponse s && s.typeByte == typeByte && s.version.equals(version)
                && s.statusFlags == statusFlags && s.userKeyFlags == userKeyFlags && Arrays.equals(s.customBytes, customBytes);
    }

    @Override
    public int hashCode() {
        return statusFlags * 31 + typeByte;
    }
}
