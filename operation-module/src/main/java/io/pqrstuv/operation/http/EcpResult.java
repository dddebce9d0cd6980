package io.pqrstuv.operation.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.pqrstuv.icp.ResponseCode;

/** A 200 reply: {@code {"code": <unsigned ICP code>, "result": <string | object | "">}} (D-24, D-25). */
public record EcpResult(ResponseCode code, JsonNode result) {
    private static final TextNode NONE = JsonNodeFactory.instance.textNode("");

    /** The reply to a non-SUCCESS ICP code: processing stops and result is None (""). */
    public static EcpResult failed(ResponseCode code) {
        return new EcpResult(code, NONE);
    }

    public static EcpResult ok(String result) {
        return new EcpResult(ResponseCode.SUCCESS, JsonNodeFactory.instance.textNode(result));
    }

    public static EcpResult ok(JsonNode result) {
        return new EcpResult(ResponseCode.SUCCESS, result);
    }

    public static EcpResult okNone() {
        return new EcpResult(ResponseCode.SUCCESS, NONE);
    }

    @Override
    public String toString() {
        return "EcpResult[code=" + code + "]"; // results may carry plaintext or keys
    }
}
