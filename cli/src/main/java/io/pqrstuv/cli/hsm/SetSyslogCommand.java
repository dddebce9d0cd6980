package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.client.KeyId;
import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.client.SyslogTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "set-syslog", mixinStandardHelpOptions = true,
        description = {"Point the device's audit log at a syslog server: signs {\"syslog_server_host\",\"syslog_port\"} "
                + "with a device key (POST /sign), then sends it (POST /set_syslog)."},
        footer = {"%nHOST must be an IP literal on the local network (the device does no DNS).",
            "%nExamples:", "  pqrstuv set-syslog 192.168.26.79 514 --key AAECAwQFBgcICQoLDA0ODw", ExitCodes.HELP_FOOTER})
public final class SetSyslogCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "HOST", description = "IPv4 or IPv6 literal.")
    String host;

    @Parameters(index = "1", paramLabel = "PORT", description = "UDP port 1..65535.")
    int port;

    @Option(names = "--key", required = true, paramLabel = "ID", converter = Converters.KeyIdConverter.class,
            parameterConsumer = Converters.KeyIdConsumer.class,
            description = "Device signing key whose signature authorizes the change.")
    KeyId key;

    @Mixin
    SecretOption secretOption;

    @Override
    int run() throws Exception {
        PqrstuvClient client = client();
        SyslogTarget target = new SyslogTarget(host, port);
        authorized(client, secretOption, seq -> {
            seq.setSyslog(target, key);
            return null;
        });
        print("syslog set to " + host + ":" + port, map("syslog_server_host", host, "syslog_port", port));
        return ExitCodes.OK;
    }
}
