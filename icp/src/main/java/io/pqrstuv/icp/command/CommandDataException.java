package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import java.util.Objects;

/**
 * Operation data or reply data that does not follow its command's layout (wrong length, trailing
 * bytes, an inconsistent count). The message names the command and the lengths, never the bytes.
 */
public final class CommandDataException extends Exception {
    private final Command command;

    public CommandDataException(Command command, String problem) {
        super(command + ": " + problem, null, false, false);
        this.command = Objects.requireNonNull(command);
    }

    /** The command whose layout was broken. */
    public Command command() {
        return command;
    }
}
