package io.pqrstuv.operation.api;

import io.pqrstuv.icp.Command;
import io.pqrstuv.operation.http.EcpCall;
import io.pqrstuv.operation.http.EcpResult;
import io.pqrstuv.operation.icp.IcpFailure;
import io.pqrstuv.operation.icp.IcpReply;
import io.pqrstuv.operation.icp.IcpTransport;
import io.pqrstuv.operation.syslog.AuditLog;

/** /device_reset and /crypto_reset. A successful DEV_RST also resets the syslog setting (D-35). */
final class ResetApis {
    private final IcpTransport icp;
    private final AuditLog audit;

    ResetApis(IcpTransport icp, AuditLog audit) {
        this.icp = icp;
        this.audit = audit;
    }

    EcpResult deviceReset(EcpCall call) throws IcpFailure {
        IcpReply reply = Icp.send(icp, call, Command.DEV_RST, new byte[0]);
        if (!reply.isSuccess()) {
            return EcpResult.failed(reply.code());
        }
        audit.deviceReset(call.clientIp());
        return EcpResult.okNone();
    }

    EcpResult cryptoReset(EcpCall call) throws IcpFailure {
        IcpReply reply = Icp.send(icp, call, Command.CRYPTO_RST, new byte[0]);
        return reply.isSuccess() ? EcpResult.okNone() : EcpResult.failed(reply.code());
    }
}
