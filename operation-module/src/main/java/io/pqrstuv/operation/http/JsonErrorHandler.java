package io.pqrstuv.operation.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises itself (malformed HTTP, oversized headers, a path it cannot parse, handler
 * failures) get the same {@code {}} body as ours: no HTML page, no message, no stack trace.
 *
 * <p>Every one of them also says {@code Connection: close}, because Jetty closes the connection
 * after each (it fails the exchange). Jetty's generator says so for its parser's own errors, but
 * not when it refuses the request line's path ({@code /../info}, {@code /%2e%2e/info},
 * {@code /info%00}): a keep-alive client then sent its next request into a dead connection (issue
 * 13). Keeping such a connection is not an option: Jetty stops parsing at the request line, so the
 * rest of that request (its headers, its body's length) was never read and cannot be skipped safely.
 */
public final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Responses.standardHeaders(response);
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        response.write(true, ByteBuffer.wrap(EcpHandler.EMPTY_OBJECT), callback);
        return true;
    }
}
