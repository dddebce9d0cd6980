package io.pqrstuv.cli.hsm;

import io.pqrstuv.client.KeyId;
import io.pqrstuv.icp.alg.Algorithm;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Command-line value types. */
final class Converters {
    private Converters() {
    }

    /** An algorithm by name (case-insensitive) or COSE id. */
    static final class AlgorithmConverter implements CommandLine.ITypeConverter<Algorithm> {
        @Override
        public Algorithm convert(String value) {
            return Algorithm.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "unknown algorithm '" + value + "'; use a name or COSE id: "
                            + Arrays.stream(Algorithm.values()).map(Algorithm::displayName).collect(Collectors.joining(", "))));
        }
    }

    /** A key identifier: 22 base64url characters. */
    static final class KeyIdConverter implements CommandLine.ITypeConverter<KeyId> {
        @Override
        public KeyId convert(String value) {
            try {
                return KeyId.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is " + e.getMessage());
            }
        }
    }

    /**
     * Takes the next argument as a key id whatever it looks like: one id in 64 starts with '-'
     * (base64url), and picocli would otherwise read {@code -oAAAA…} as an option.
     */
    static final class KeyIdConsumer implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(java.util.Stack<String> args, CommandLine.Model.ArgSpec argSpec,
                CommandLine.Model.CommandSpec commandSpec) {
            if (args.isEmpty()) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(),
                        "Missing required parameter: '" + argSpec.paramLabel() + "'");
            }
            String value = args.pop();
            try {
                argSpec.setValue(new KeyIdConverter().convert(value));
            } catch (CommandLine.TypeConversionException e) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(),
                        "Invalid value for " + argSpec.paramLabel() + ": " + e.getMessage(), e, argSpec, value);
            }
        }
    }
}
