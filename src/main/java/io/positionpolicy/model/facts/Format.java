package io.positionpolicy.model.facts;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Messages with numbers, the same on every machine whatever its locale. Doubles print plainly under {@code %s}
 * ({@code 25}, {@code 0.5}, not {@code 25.0}) and still take {@code %.2f}.
 */
public final class Format {
    private Format() {
    }

    public static String of(String pattern, Object... args) {
        Object[] plain = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            plain[i] = args[i] instanceof Double d && Double.isFinite(d) ? plainDecimal(d) : args[i];
        }
        return String.format(Locale.ROOT, pattern, plain);
    }

    private static BigDecimal plainDecimal(double value) {
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        return decimal.scale() < 0 ? decimal.setScale(0) : decimal;
    }
}
