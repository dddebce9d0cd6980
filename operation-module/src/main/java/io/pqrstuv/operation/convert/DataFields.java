package io.pqrstuv.operation.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.KeyIds;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.operation.http.EcpHttpException;

/**
 * Reading the request's {@code data}: JSON type checks are 400, base64url failures 417 (D-27, D-28).
 */
public final class DataFields {
    private DataFields() {
    }

    /** A JSON integer that fits the 3-byte two's-complement alg field (D-12); else 400. */
    public static int algorithmId(JsonNode data) throws EcpHttpException {
        if (data == null || !data.isIntegralNumber() || !data.canConvertToLong() || !AlgId.inRange(data.asLong())) {
            throw EcpHttpException.badRequest("data is not an integer in the 24-bit range");
        }
        return (int) data.asLong();
    }

    /** {@code data} itself must be a JSON string; else 400. */
    public static String string(JsonNode data) throws EcpHttpException {
        if (data == null || !data.isTextual()) {
            throw EcpHttpException.badRequest("data is not a string");
        }
        return data.asText();
    }

    /** {@code data} must be a JSON object; else 400. */
    public static JsonNode object(JsonNode data) throws EcpHttpException {
        if (data == null || !data.isObject()) {
            throw EcpHttpException.badRequest("data is not an object");
        }
        return data;
    }

    /** A string member of an object; missing or not a string is 400. */
    public static String stringMember(JsonNode obj, String name) throws EcpHttpException {
        JsonNode v = obj.get(name);
        if (v == null || !v.isTextual()) {
            throw EcpHttpException.badRequest(name + " is missing or not a string");
        }
        return v.asText();
    }

    /** A boolean member of an object; missing or not a boolean is 400. */
    public static boolean booleanMember(JsonNode obj, String name) throws EcpHttpException {
        JsonNode v = obj.get(name);
        if (v == null || !v.isBoolean()) {
            throw EcpHttpException.badRequest(name + " is missing or not a boolean");
        }
        return v.asBoolean();
    }

    /** Strict base64url bytes; 417 otherwise. */
    public static byte[] bytes(String b64u) throws EcpHttpException {
        return Base64Url.decode(b64u).orElseThrow(() -> EcpHttpException.expectationFailed("not base64url"));
    }

    /** A 16-byte key identifier; anything else is 417 before any ICP call (ECP-HTTP-13). */
    public static byte[] keyId(String b64u) throws EcpHttpException {
        return Base64Url.decode(b64u, KeyIds.LENGTH)
                .orElseThrow(() -> EcpHttpException.expectationFailed("identifier is not b64u of 16 bytes"));
    }
}
