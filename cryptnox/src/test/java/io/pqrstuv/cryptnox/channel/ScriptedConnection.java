package io.pqrstuv.cryptnox.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cryptnox.transport.CardConnection;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/** A card that expects exact command bytes and plays back recorded replies. */
final class ScriptedConnection implements CardConnection {
    private record Step(String command, String reply) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();

    /** {@code command} may be null to accept anything. Hex without spaces. */
    ScriptedConnection expect(String command, String reply) {
        steps.add(new Step(command, reply));
        return this;
    }

    @Override
    public byte[] transmit(byte[] command) {
        assertThat(steps).as("unexpected command %s", HexFormat.of().formatHex(command)).isNotEmpty();
        Step s = steps.poll();
        if (s.command() != null) {
            assertThat(HexFormat.of().formatHex(command)).isEqualTo(s.command());
        }
        return HexFormat.of().parseHex(s.reply());
    }

    boolean done() {
        return steps.isEmpty();
    }

    @Override
    public String description() {
        return "script";
    }

    @Override
    public void close() {
    }
}
