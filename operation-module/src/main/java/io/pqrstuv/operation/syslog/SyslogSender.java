package io.pqrstuv.operation.syslog;

/** Delivers one fixed-template message to one syslog server. */
public interface SyslogSender {
    enum Severity { NOTICE, WARNING }

    /** Queues the message; never blocks the HTTP response path for long. */
    void send(SyslogAddress target, Severity severity, String message);
}
