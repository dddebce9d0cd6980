package io.pqrstuv.operation.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Tells the {@link ConnectionGuard} where each request is: its header is complete when Jetty calls
 * this handler, its body is complete when the handler reads the last chunk, and the connection
 * waits for the next request once the response is written.
 */
final class RequestPhases extends Handler.Wrapper {
    private final ConnectionGuard guard;

    RequestPhases(ConnectionGuard guard, Handler next) {
        super(next);
        this.guard = guard;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        boolean hasBody = hasBody(request);
        ConnectionGuard.Tracked t = guard.requestStarted(request, hasBody);
        if (t == null) {
            return super.handle(request, response, callback);
        }
        Request observed = !hasBody ? request : new Request.Wrapper(request) {
            @Override
            public Content.Chunk read() {
                Content.Chunk chunk = super.read();
                if (chunk != null && chunk.isLast()) {
                    guard.bodyRead(t);
                }
                return chunk;
            }
        };
        // The guard hears of the end before Jetty does, so that a pipelined next request (which Jetty
        // may start from inside succeeded()) is never mistaken for this one's keep-alive wait.
        Callback done = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                guard.responded(t);
                super.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                guard.responded(t);
                super.failed(x);
            }
        };
        boolean handled = super.handle(observed, response, done);
        if (!handled) {
            guard.responded(t); // Jetty answers it (404) with its own callback
        }
        return handled;
    }

    /** A Content-Length above 0, or a chunked body. */
    static boolean hasBody(Request request) {
        long length = request.getLength();
        if (length >= 0) {
            return length > 0;
        }
        return request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }
}
