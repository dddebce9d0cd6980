package io.pqrstuv.cli.qrng;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code on|off} (also yes/no, true/false, 1/0) for the config flags. */
final class OnOff implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "on", "yes", "true", "1" -> true;
            case "off", "no", "false", "0" -> false;
            default -> throw new TypeConversionException("'" + value + "' is not on or off");
        };
    }
}
