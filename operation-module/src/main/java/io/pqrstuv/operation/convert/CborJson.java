package io.pqrstuv.operation.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORObject;
import io.pqrstuv.ecp.Base64Url;
import java.util.Map;

/**
 * GET_INFO's "CBOR encoded JSON" to a JSON object (/info, D-24): a map with text keys whose
 * values are text, integers, booleans, null, arrays or maps. Byte strings become base64url
 * (ECP's only binary form); floats, tags and non-text keys are refused.
 */
public final class CborJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final CBOREncodeOptions STRICT = new CBOREncodeOptions("allowduplicatekeys=false;keepkeyorder=true");
    private static final int MAX_DEPTH = 16;

    private CborJson() {
    }

    public static ObjectNode toJsonObject(byte[] cbor) throws ConversionException {
        CBORObject root;
        try {
            root = CBORObject.DecodeFromBytes(cbor, STRICT);
        } catch (RuntimeException e) {
            throw new ConversionException("GET_INFO reply is not one CBOR item");
        }
        if (root.getType() != com.upokecenter.cbor.CBORType.Map) {
            throw new ConversionException("GET_INFO reply is not a CBOR map");
        }
        return (ObjectNode) convert(root, 0);
    }

    private static JsonNode convert(CBORObject o, int depth) throws ConversionException {
        if (depth > MAX_DEPTH) {
            throw new ConversionException("CBOR nested too deeply");
        }
        if (o.isTagged()) {
            throw new ConversionException("tagged CBOR item");
        }
        switch (o.getType()) {
            case Map -> {
                ObjectNode obj = F.objectNode();
                for (Map.Entry<CBORObject, CBORObject> e : o.getEntries()) {
                    if (e.getKey().getType() != com.upokecenter.cbor.CBORType.TextString || e.getKey().isTagged()) {
                        throw new ConversionException("CBOR map key is not text");
                    }
                    obj.set(e.getKey().AsString(), convert(e.getValue(), depth + 1));
                }
                return obj;
            }
            case Array -> {
                ArrayNode arr = F.arrayNode();
                for (CBORObject v : o.getValues()) {
                    arr.add(convert(v, depth + 1));
                }
                return arr;
            }
            case TextString -> {
                return F.textNode(o.AsString());
            }
            case ByteString -> {
                return F.textNode(Base64Url.encode(o.GetByteString()));
            }
            case Integer -> {
                if (!o.CanValueFitInInt64()) {
                    throw new ConversionException("CBOR integer out of range");
                }
                return F.numberNode(o.AsInt64Value());
            }
            case Boolean -> {
                return F.booleanNode(o.isTrue());
            }
            case SimpleValue -> {
                if (o.isNull()) {
                    return F.nullNode();
                }
                throw new ConversionException("unsupported CBOR simple value");
            }
            default -> throw new ConversionException("unsupported CBOR item " + o.getType());
        }
    }
}
