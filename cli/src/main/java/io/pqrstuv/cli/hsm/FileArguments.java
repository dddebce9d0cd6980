package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.FileErrors;
import io.pqrstuv.cli.console.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The commands' file arguments: a path, or "-" for stdin / stdout. */
final class FileArguments {
    private FileArguments() {
    }

    static byte[] read(String file) throws UserException {
        try {
            return file.equals("-") ? ClientCommand.stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new UserException(ExitCodes.USAGE, "cannot read " + file + ": " + FileErrors.describe(e));
        }
    }

    static void write(String file, byte[] data) throws UserException {
        try {
            if (file.equals("-")) {
                ClientCommand.binaryOut.write(data);
                ClientCommand.binaryOut.flush();
            } else {
                Files.write(Path.of(file), data);
            }
        } catch (IOException e) {
            throw new UserException(ExitCodes.USAGE, "cannot write " + file + ": " + FileErrors.describe(e));
        }
    }
}
