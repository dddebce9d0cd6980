package io.pqrstuv.operation.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;

/** Headers every reply carries, success or error (ECP-HTTP-14, DEP-1). */
final class Responses {
    private Responses() {
    }

    static void standardHeaders(Response response) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
    }
}
