/**
 * How a call reaches the device: HTTPS on the JDK's {@code HttpsURLConnection}, TLS 1.3 only, the
 * leaf certificate pinned by SHA-256 fingerprint, no proxy, no silent retry. Used by
 * {@link io.pqrstuv.client.PqrstuvClient}; not meant to be called by applications.
 */
package io.pqrstuv.client.transport;
