package io.pqrstuv.cli.card;

import io.pqrstuv.cryptnox.derivation.KeyType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The key tree and the PIN, shared by derive, public-key and sign. */
final class KeyOptions {
    @Option(names = "--curve", paramLabel = "k1|r1", defaultValue = "k1", converter = CurveConverter.class,
            description = "Key tree: k1 = secp256k1 (BIP32), r1 = P-256 (SLIP-10) (default: ${DEFAULT-VALUE}).")
    KeyType curve;

    @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from FILE (- = stdin).")
    String pinFile;

    static final class CurveConverter implements ITypeConverter<KeyType> {
        @Override
        public KeyType convert(String value) {
            return KeyType.parse(value);
        }
    }
}
