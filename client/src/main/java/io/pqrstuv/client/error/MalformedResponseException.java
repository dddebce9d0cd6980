package io.pqrstuv.client.error;

import io.pqrstuv.ecp.Api;

/** A 200 reply that does not have the shape ECP prescribes for the API. */
public final class MalformedResponseException extends PqrstuvException {
    public MalformedResponseException(Api api, String problem) {
        super(api.path() + ": malformed response: " + problem);
    }
}
