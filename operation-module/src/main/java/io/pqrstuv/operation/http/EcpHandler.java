package io.pqrstuv.operation.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pqrstuv.ecp.Api;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.operation.icp.ErrorCodeReplyException;
import io.pqrstuv.operation.icp.NoValidReplyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The only Jetty handler: routes the 16 APIs and applies the D-27 check order
 * 404 → 403 → 400 → (handler: 417 → semantic 400 → ICP) → 200 / 500. Every error body is {@code {}}.
 */
public final class EcpHandler extends Handler.Abstract {
    /** ECP-HTTP-15: the largest legitimate body is about 67 kB. */
    public static final int MAX_BODY = 256 * 1024;
    /** How much of an oversized body is read and discarded before answering 400. */
    private static final long DRAIN_LIMIT = 4L * 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();
    static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

    private final Map<Api, ApiHandler> handlers;
    private final CallObserver observer;

    public EcpHandler(Map<Api, ApiHandler> handlers, CallObserver observer) {
        this.handlers = Map.copyOf(handlers);
        this.observer = Objects.requireNonNull(observer);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Api api = route(request);
        if (api == null) {
            drain(request);
            send(response, callback, 404, EMPTY_OBJECT);
            return true;
        }
        String ip = Request.getRemoteAddr(request);
        EcpCall call = null;
        int status;
        ResponseCode code = null;
        byte[] body;
        try {
            call = accept(api, request, ip);
            EcpResult result;
            try {
                result = handlers.get(api).handle(call);
            } catch (ErrorCodeReplyException e) {
                result = EcpResult.failed(e.code()); // the one place an ICP error code becomes a reply
            }
            status = 200;
            code = result.code();
            body = render(result);
        } catch (EcpHttpException e) {
            status = e.status();
            body = EMPTY_OBJECT;
        } catch (NoValidReplyException e) {
            status = 500;
            body = EMPTY_OBJECT;
        } catch (RuntimeException e) {
            status = 500; // never a stack trace on the wire
            body = EMPTY_OBJECT;
        } finally {
            if (call != null) {
                call.wipe();
            }
        }
        drain(request);
        observer.completed(api, ip, status, code);
        send(response, callback, status, body);
        return true;
    }

    /**
     * Reads and discards what is left of the request body (bounded), so that an early error reply
     * does not leave unread bytes that make Jetty close a keep-alive connection under the client.
     */
    private static void drain(Request request) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            long left = DRAIN_LIMIT;
            byte[] scratch = new byte[8192];
            int n;
            while (left > 0 && (n = in.read(scratch, 0, (int) Math.min(scratch.length, left))) > 0) {
                left -= n;
            }
            Arrays.fill(scratch, (byte) 0);
        } catch (IOException | RuntimeException e) {
            // the connection is going away anyway
        }
    }

    /** Exact raw path and method, or null (404). HEAD and OPTIONS never match; nothing is decoded. */
    private static Api route(Request request) {
        String path = request.getHttpURI().getPath();
        return Api.byPath(path).filter(a -> a.method().equals(request.getMethod())).orElse(null);
    }

    private EcpCall accept(Api api, Request request, String ip) throws EcpHttpException {
        byte[] session = header(request, Api.SESSION_HEADER, Sessions.LENGTH);
        byte[] token = header(request, Api.AUTHORIZATION_HEADER, AuthToken.LENGTH);
        JsonNode data = null;
        try {
            if ("POST".equals(api.method())) {
                data = readData(request);
            }
        } catch (EcpHttpException e) {
            Arrays.fill(token, (byte) 0);
            throw e;
        }
        return new EcpCall(api, Sessions.fromBytes(session, 0), token, data, ip);
    }

    /** Exactly one header, strict base64url (D-28) of exactly {@code length} bytes; otherwise 403. */
    private static byte[] header(Request request, String name, int length) throws EcpHttpException {
        List<HttpField> fields = request.getHeaders().getFields(name);
        if (fields.size() != 1) {
            throw EcpHttpException.forbidden(name + " header missing or repeated");
        }
        return Base64Url.decode(fields.getFirst().getValue(), length)
                .orElseThrow(() -> EcpHttpException.forbidden(name + " header is not b64u of " + length + " bytes"));
    }

    private static JsonNode readData(Request request) throws EcpHttpException {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !isJson(contentType)) {
            throw EcpHttpException.badRequest("Content-Type is not application/json");
        }
        byte[] body = readBody(request);
        try {
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (IOException e) {
                throw EcpHttpException.badRequest("body is not JSON");
            }
            if (!(root instanceof ObjectNode obj) || !obj.has("data")) {
                throw EcpHttpException.badRequest("body is not an object with a data member");
            }
            return obj.get("data");
        } finally {
            Arrays.fill(body, (byte) 0); // may carry a DER private key
        }
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json");
    }

    private static byte[] readBody(Request request) throws EcpHttpException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                Arrays.fill(body, (byte) 0);
                throw EcpHttpException.badRequest("body over " + MAX_BODY + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw EcpHttpException.badRequest("body could not be read");
        }
    }

    private static byte[] render(EcpResult result) {
        ObjectNode node = JSON.createObjectNode();
        node.put("code", result.code().code());
        node.set("result", result.result());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("JSON rendering failed", e);
        }
    }

    static void send(Response response, Callback callback, int status, byte[] body) {
        response.setStatus(status);
        Responses.standardHeaders(response);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
