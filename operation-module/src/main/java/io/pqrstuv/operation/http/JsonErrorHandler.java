package io.pqrstuv.operation.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises itself (malformed HTTP, oversized headers, handler failures) get the same
 * {@code {}} body as ours: no HTML page, no message, no stack trace.
 */
public final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Responses.standardHeaders(response);
        response.write(true, ByteBuffer.wrap(EcpHandler.EMPTY_OBJECT), callback);
        return true;
    }
}
