package io.pqrstuv.operation.syslog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Keeps the configured syslog server across restarts in {@code DIR/syslog.json}: the audit trail
 * must not silently stop after a reboot. This is configuration, never log content.
 */
public final class SyslogConfigStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public SyslogConfigStore(Path stateDir) {
        this.file = stateDir.resolve("syslog.json");
    }

    public Optional<SyslogAddress> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return SyslogAddress.fromJson(node);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void save(Optional<SyslogAddress> target) {
        try {
            if (target.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            ObjectNode node = JSON.createObjectNode();
            node.put("syslog_server_host", target.get().host());
            node.put("syslog_port", target.get().port());
            Path tmp = file.resolveSibling("syslog.json.tmp");
            Files.write(tmp, JSON.writeValueAsBytes(node));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the syslog configuration", e);
        }
    }
}
