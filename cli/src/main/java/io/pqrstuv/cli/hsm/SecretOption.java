package io.pqrstuv.cli.hsm;

import picocli.CommandLine.Option;

/** The secret of authenticated commands: a no-echo prompt by default, or a file. Never an argument. */
final class SecretOption {
    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Read the device secret from FILE (- = stdin; one trailing newline is ignored) "
                    + "instead of prompting. The secret is never accepted as an argument.")
    String secretFile;
}
