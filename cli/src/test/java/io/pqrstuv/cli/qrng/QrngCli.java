package io.pqrstuv.cli.qrng;

import io.pqrstuv.cli.Main;
import io.pqrstuv.cli.console.Terminal;
import io.pqrstuv.cli.console.TestTerminals;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Runs {@code pqrstuv qcc|qcicada …} in-process with captured output, a scripted terminal and tty flags. */
final class QrngCli {
    record Result(int exitCode, String out, String err, byte[] binary, String progress) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nout: " + out + "\nerr: " + err;
        }
    }

    static boolean stdoutTerminal;
    static boolean stderrTerminal;
    static List<String> patterns = List.of("/nonexistent/tty*");

    static Result run(Deque<String> answers, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Terminal savedTerminal = QrngCommand.terminal;
        PrintStream savedOut = QrngCommand.binaryOut;
        PrintStream savedErr = QrngCommand.progressErr;
        var savedOutTty = QrngCommand.stdoutIsTerminal;
        var savedErrTty = QrngCommand.stderrIsTerminal;
        var savedPatterns = QrngCommand.discoveryPatterns;
        QrngCommand.terminal = answers == null ? TestTerminals.none() : TestTerminals.scripted(answers);
        QrngCommand.binaryOut = new PrintStream(bin);
        QrngCommand.progressErr = new PrintStream(progress);
        boolean outTty = stdoutTerminal;
        boolean errTty = stderrTerminal;
        QrngCommand.stdoutIsTerminal = () -> outTty;
        QrngCommand.stderrIsTerminal = () -> errTty;
        QrngCommand.discoveryPatterns = patterns;
        try {
            int code = Main.commandLine(args).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
            return new Result(code, out.toString(), err.toString(), bin.toByteArray(), progress.toString());
        } finally {
            QrngCommand.terminal = savedTerminal;
            QrngCommand.binaryOut = savedOut;
            QrngCommand.progressErr = savedErr;
            QrngCommand.stdoutIsTerminal = savedOutTty;
            QrngCommand.stderrIsTerminal = savedErrTty;
            QrngCommand.discoveryPatterns = savedPatterns;
        }
    }

    static Result run(String... args) {
        return run(null, args);
    }

    static Deque<String> answers(String... a) {
        return new ArrayDeque<>(List.of(a));
    }
}
