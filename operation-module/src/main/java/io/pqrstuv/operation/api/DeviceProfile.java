package io.pqrstuv.operation.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.GetInfoRequest;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.operation.convert.CborJson;
import io.pqrstuv.operation.convert.ConversionException;
import io.pqrstuv.operation.icp.IcpReply;
import io.pqrstuv.operation.icp.IcpTransport;
import io.pqrstuv.operation.icp.NoValidReplyException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The storage module's available_cryptosystems, fetched with GET_INFO once and cached (the spec
 * allows caching: GET_INFO never changes). /import needs it to refuse unlisted key types with 400.
 */
final class DeviceProfile {
    private final IcpTransport icp;
    private volatile Set<Algorithm> available;

    DeviceProfile(IcpTransport icp) {
        this.icp = icp;
    }

    Set<Algorithm> available() throws NoValidReplyException, ConversionException {
        Set<Algorithm> a = available;
        if (a == null) {
            GetInfoRequest request = new GetInfoRequest();
            IcpReply reply = icp.call(RequestPayload.unauthenticated(request.command(), request.encode()));
            if (!reply.isSuccess()) {
                throw new NoValidReplyException("GET_INFO answered " + reply.code());
            }
            a = parse(reply.data());
            available = a;
        }
        return a;
    }

    /** Called with every successful /info reply so that the cache is filled for free. */
    void remember(JsonNode info) {
        if (available == null) {
            try {
                available = fromJson(info);
            } catch (ConversionException ignored) {
                // leave it unset; /import will ask again
            }
        }
    }

    static Set<Algorithm> parse(byte[] cbor) throws ConversionException {
        return fromJson(CborJson.toJsonObject(cbor));
    }

    private static Set<Algorithm> fromJson(JsonNode info) throws ConversionException {
        JsonNode list = info.get("available_cryptosystems");
        if (list == null || !list.isArray()) {
            throw new ConversionException("GET_INFO has no available_cryptosystems array");
        }
        Set<Algorithm> set = EnumSet.noneOf(Algorithm.class);
        for (JsonNode id : list) {
            if (!id.isIntegralNumber()) {
                throw new ConversionException("available_cryptosystems holds a non-integer");
            }
            Algorithm.byCoseId(id.asInt()).ifPresent(set::add);
        }
        return set;
    }
}
