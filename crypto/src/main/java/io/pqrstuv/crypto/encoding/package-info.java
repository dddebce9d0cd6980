/**
 * Key conversions for the ECP side and the clients: COSE_Key ⇄ SPKI DER / JCA keys, PKCS#8 ⇄
 * private COSE_Key (checked with the engine's own IMPORT validation). Sits above the engine.
 */
package io.pqrstuv.crypto.encoding;
