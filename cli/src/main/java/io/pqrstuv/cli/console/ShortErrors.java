package io.pqrstuv.cli.console;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Command-line mistakes as one line plus a pointer to --help, instead of the full usage text:
 * scripts read stderr, and a wall of usage hides the actual problem.
 */
public final class ShortErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        String hint = "";
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            hint = "; did you mean '" + String.join("' or '", u.getSuggestions().stream().limit(3).toList()) + "'?";
        }
        err.println(name + ": " + ex.getMessage().replaceAll("\\s+", " ") + hint + " (see '" + name + " --help')");
        err.flush();
        return ExitCodes.USAGE;
    }
}
