/**
 * Local work with the public half of a device key, without a connection: decoding
 * (SubjectPublicKeyInfo, COSE_Key), verifying the device's signatures (notes §3.6), encapsulating to
 * a device KEM key, and wrapping a new secret for {@code /set_secret} (D-13).
 */
package io.pqrstuv.client.keys;
