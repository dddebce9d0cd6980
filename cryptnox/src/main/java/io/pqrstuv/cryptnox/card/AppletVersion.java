package io.pqrstuv.cryptnox.card;

/** The applet version from SELECT, e.g. 1.6.1. */
public record AppletVersion(int major, int middle, int minor) {
    @Override
    public String toString() {
        return major + "." + middle + "." + minor;
    }
}
