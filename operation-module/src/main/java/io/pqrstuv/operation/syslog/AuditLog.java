package io.pqrstuv.operation.syslog;

import io.pqrstuv.ecp.Api;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.operation.http.CallObserver;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What goes to syslog, and where (spec "Logging", D-34, D-35). Only fixed templates with a
 * fixed-width code and the client IP of the TCP connection; never tokens, sessions, key ids,
 * keys, documents or request bodies. With no server configured nothing is logged anywhere.
 *
 * <p>Templates: {@code api=<name> code=0x<HH> ip=<ip>} (a 200 reply), {@code api=<name> http=<NNN>
 * ip=<ip>} (an error status; extends D-34 so that failed calls of the always-logged APIs are
 * recorded too), {@code event=syslog_changed ip=<ip>}, {@code event=device_reset ip=<ip>}.
 */
public final class AuditLog implements CallObserver {
    /** Secret management, key lifecycle and operation-module management: logged whatever the outcome. */
    static final Set<Api> ALWAYS = EnumSet.of(Api.SET_SECRET, Api.CONFIRM_SECRET, Api.KEYGEN, Api.LIST_KEYS,
            Api.KEY_DELETE, Api.IMPORT, Api.GET_PUBLIC_KEY, Api.RENEW_TLS, Api.SET_SYSLOG);

    private final SyslogSender sender;
    private final SyslogConfigStore store;
    private final AtomicReference<Optional<SyslogAddress>> target;
    private final Object switching = new Object();

    public AuditLog(SyslogSender sender, SyslogConfigStore store) {
        this.sender = Objects.requireNonNull(sender);
        this.store = Objects.requireNonNull(store);
        this.target = new AtomicReference<>(store.load());
    }

    public Optional<SyslogAddress> target() {
        return target.get();
    }

    @Override
    public void completed(Api api, String clientIp, int httpStatus, ResponseCode code) {
        boolean ok = httpStatus == 200 && code == ResponseCode.SUCCESS;
        boolean log = ALWAYS.contains(api) || httpStatus == 500 || (httpStatus == 200 && code != ResponseCode.SUCCESS);
        if (!log) {
            return;
        }
        String outcome = httpStatus == 200 ? String.format("code=0x%02X", code.code()) : "http=" + httpStatus;
        emit(ok ? SyslogSender.Severity.NOTICE : SyslogSender.Severity.WARNING,
                "api=" + api.logName() + " " + outcome + " ip=" + clientIp);
    }

    /** D-33/ECP-SYS-6: tell the previous server, then switch. */
    public void switchTo(SyslogAddress next, String clientIp) {
        synchronized (switching) {
            emit(SyslogSender.Severity.NOTICE, "event=syslog_changed ip=" + clientIp);
            store.save(Optional.of(next));
            target.set(Optional.of(next));
        }
    }

    /** D-35: report the reset, then forget the server (user configuration back to default). */
    public void deviceReset(String clientIp) {
        synchronized (switching) {
            emit(SyslogSender.Severity.NOTICE, "event=device_reset ip=" + clientIp);
            store.save(Optional.empty());
            target.set(Optional.empty());
        }
    }

    private void emit(SyslogSender.Severity severity, String message) {
        target.get().ifPresent(t -> sender.send(t, severity, message));
    }
}
