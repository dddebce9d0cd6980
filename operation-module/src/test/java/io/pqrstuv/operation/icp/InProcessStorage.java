package io.pqrstuv.operation.icp;

import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.storage.command.CommandProcessor;
import java.util.ArrayList;
import java.util.List;

/**
 * The real storage module's command processor behind the operation module's {@link IcpTransport}, in
 * process and without a serial line: each call is encoded, processed and its reply put through the
 * same {@link ReplyValidator} the serial client uses. Records a copy of every request it forwards,
 * so tests can check what the ECP layer sent (and that it sent nothing).
 */
public final class InProcessStorage implements IcpTransport {
    private final CommandProcessor processor;
    private final List<RequestPayload> forwarded = new ArrayList<>();

    public InProcessStorage(CommandProcessor processor) {
        this.processor = processor;
    }

    @Override
    public synchronized IcpReply call(RequestPayload request) throws NoValidReplyException {
        forwarded.add(new RequestPayload(request.session(), request.token().clone(), request.command(),
                request.opData().clone()));
        byte[] reply = processor.process(request.encode()).encode();
        return ReplyValidator.validate(request, reply);
    }

    /** Copies of the requests forwarded so far, oldest first. */
    public synchronized List<RequestPayload> forwarded() {
        return List.copyOf(forwarded);
    }

    public synchronized void clear() {
        forwarded.clear();
    }
}
