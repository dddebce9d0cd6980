package io.pqrstuv.operation.api;

import io.pqrstuv.ecp.Api;
import io.pqrstuv.operation.http.ApiHandler;
import io.pqrstuv.operation.icp.IcpTransport;
import io.pqrstuv.operation.syslog.AuditLog;
import io.pqrstuv.operation.tls.CertificateRenewal;
import java.util.EnumMap;
import java.util.Map;

/** The 16 ECP APIs and the handler behind each. */
public final class ApiTable {
    private ApiTable() {
    }

    public static Map<Api, ApiHandler> create(IcpTransport icp, AuditLog audit, CertificateRenewal renewal) {
        DeviceProfile profile = new DeviceProfile(icp);
        CommandForwarder storage = new CommandForwarder(icp);
        InfoApis info = new InfoApis(storage, profile);
        SecretApis secrets = new SecretApis(storage);
        ResetApis resets = new ResetApis(storage, audit);
        KeyApis keys = new KeyApis(storage, profile);
        CryptoApis crypto = new CryptoApis(storage);
        RenewTlsApi tls = new RenewTlsApi(storage, renewal);
        SetSyslogApi syslog = new SetSyslogApi(storage, audit);

        Map<Api, ApiHandler> table = new EnumMap<>(Api.class);
        table.put(Api.INFO, info::info);
        table.put(Api.PING, info::ping);
        table.put(Api.INIT, info::init);
        table.put(Api.SET_SECRET, secrets::setSecret);
        table.put(Api.CONFIRM_SECRET, secrets::confirmSecret);
        table.put(Api.DEVICE_RESET, resets::deviceReset);
        table.put(Api.CRYPTO_RESET, resets::cryptoReset);
        table.put(Api.KEYGEN, keys::keygen);
        table.put(Api.LIST_KEYS, keys::listKeys);
        table.put(Api.KEY_DELETE, keys::keyDelete);
        table.put(Api.IMPORT, keys::importKey);
        table.put(Api.GET_PUBLIC_KEY, keys::getPublicKey);
        table.put(Api.DECAPSULATE, crypto::decapsulate);
        table.put(Api.SIGN, crypto::sign);
        table.put(Api.RENEW_TLS, tls::renew);
        table.put(Api.SET_SYSLOG, syslog::setSyslog);
        if (table.size() != Api.values().length) {
            throw new IllegalStateException("an API has no handler");
        }
        return table;
    }
}
