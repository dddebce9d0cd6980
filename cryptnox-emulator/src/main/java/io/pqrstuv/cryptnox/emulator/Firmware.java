package io.pqrstuv.cryptnox.emulator;

/**
 * The applet firmware of an emulated card, fixed when the card is made (like a real card's mask).
 * 1.6.1 is the version the Python library targets; 2.0.0 adds the commands of the applet
 * reference's v2.0 branch that the library calls: SIGN PUBLIC ({@code C6}), GENERATE RSA SEED WRAP
 * KEY ({@code F9}) and LOAD KEY P1 {@code 06} (a seed wrapped with that key). Ed25519, MuSig2 and
 * user-key slots 4–5 of 2.0 are not emulated.
 */
public enum Firmware {
    V1_6_1(1, 6, 1),
    V2_0_0(2, 0, 0);

    private final int major;
    private final int middle;
    private final int minor;

    Firmware(int major, int middle, int minor) {
        this.major = major;
        this.middle = middle;
        this.minor = minor;
    }

    /** Bytes 1–3 of the SELECT response. */
    public byte[] versionBytes() {
        return new byte[] {(byte) major, (byte) middle, (byte) minor};
    }

    /** True from 2.0.0 on: SIGN PUBLIC, the RSA seed-wrap key and wrapped seeds. */
    public boolean hasSeedWrapAndSignPublic() {
        return major >= 2;
    }

    /** "1.6.1" or "2.0.0": the command line and state file name. */
    public String id() {
        return major + "." + middle + "." + minor;
    }

    /** Accepts "1.6.1", "1.6", "2.0.0", "2.0", "2". */
    public static Firmware fromId(String id) {
        for (Firmware f : values()) {
            String full = f.id();
            if (full.equals(id) || full.equals(id + ".0") || full.equals(id + ".0.0")
                    || (f == V1_6_1 && "1.6".equals(id))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown firmware '" + id + "' (1.6.1 or 2.0.0)");
    }

    @Override
    public String toString() {
        return id();
    }
}
