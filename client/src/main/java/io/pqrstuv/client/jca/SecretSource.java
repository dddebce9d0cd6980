package io.pqrstuv.client.jca;

import java.io.IOException;

/**
 * Supplies the device secret for one device operation of the provider (a sign, a decapsulation, a
 * key-store load). Return a fresh array: the provider wipes it as soon as the operation is done,
 * so the secret is held only for that predefined sequence (spec "Authenticated sessions").
 */
@FunctionalInterface
public interface SecretSource {
    byte[] secret() throws IOException;
}
