/**
 * The exact parameters of the device's RSA schemes (PS256's raw PSS, the OAEP of -41/-42), shared
 * by the engine that signs and decrypts and by the verifiers in the root package: below both.
 */
package io.pqrstuv.crypto.scheme;
