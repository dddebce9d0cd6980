package io.pqrstuv.serial;

import java.io.IOException;

/** Opens links from their textual spec (see {@link LinkSpec}), optionally paced at a line rate. */
public final class Links {
    private Links() {
    }

    /**
     * Opens the link named by {@code spec}. A {@code tcp-listen:} spec blocks until the bridge
     * connects.
     *
     * @throws IOException for a malformed spec (with an {@link IllegalArgumentException} cause), a
     *     missing device, a refused connection and the like; the message says which
     */
    public static Link open(String spec) throws IOException {
        LinkSpec parsed;
        try {
            parsed = LinkSpec.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        return parsed.open();
    }

    /** Opens {@code spec} and paces it at {@code rate} (a no-op for {@link LineRate#UNLIMITED}). */
    public static Link open(String spec, LineRate rate) throws IOException {
        Link link = open(spec);
        return RateLimitedLink.wrap(link, rate);
    }
}
