package io.positionpolicy.model.facts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Messages with numbers, the same on every machine whatever its locale. Doubles print plainly under {@code %s}
 * ({@code 25}, {@code 0.5}, not {@code 25.0}) and still take {@code %.2f}.
 *
 * <p>Rules format a message on nearly every firing, so the patterns the rules use ({@code %s}, {@code %d},
 * {@code %.Nf}, {@code %%}) are parsed once and filled in directly, with exactly {@link String#format}'s output
 * (half-up rounding of the shortest decimal form, a minus sign on negative zero); any other pattern goes to
 * {@code String.format}.
 */
public final class Format {
    private static final Map<String, Segment[]> PARSED = new ConcurrentHashMap<>();
    private static final Segment[] GENERAL = new Segment[0];
    private static final char[] ZEROS = "000000000".toCharArray();

    /** A piece of a parsed pattern: literal text, or a conversion ({@code s}, {@code d}, {@code f} with a scale). */
    private record Segment(String text, char conversion, int scale) {
    }

    private Format() {
    }

    public static String of(String pattern, Object... args) {
        Segment[] segments = PARSED.computeIfAbsent(pattern, Format::parse);
        if (segments != GENERAL) {
            String fast = fill(segments, args);
            if (fast != null) {
                return fast;
            }
        }
        return general(pattern, args);
    }

    /** The formatting every pattern could use: {@code String.format} with plain doubles under {@code %s}. */
    static String general(String pattern, Object... args) {
        Object[] plain = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            plain[i] = args[i] instanceof Double d && Double.isFinite(d) ? plainDecimal(d) : args[i];
        }
        return String.format(Locale.ROOT, pattern, plain);
    }

    private static String fill(Segment[] segments, Object[] args) {
        StringBuilder out = new StringBuilder(64);
        int next = 0;
        for (Segment segment : segments) {
            if (segment.conversion() == 0) {
                out.append(segment.text());
                continue;
            }
            if (next >= args.length) {
                return null;
            }
            Object arg = args[next++];
            switch (segment.conversion()) {
                case 's' -> {
                    if (arg instanceof Double d && isWhole(d)) {
                        out.append((long) (double) d);
                    } else if (arg instanceof Double d && Double.isFinite(d)) {
                        out.append(plainDecimal(d));
                    } else {
                        out.append(arg);
                    }
                }
                case 'd' -> {
                    if (!(arg instanceof Integer || arg instanceof Long || arg instanceof Short || arg instanceof Byte)) {
                        return null;
                    }
                    out.append(arg);
                }
                default -> {
                    if (!(arg instanceof Double d) || !Double.isFinite(d)) {
                        return null;
                    }
                    if (isWhole(d)) {
                        out.append((long) (double) d);
                        if (segment.scale() > 0) {
                            out.append('.').append(ZEROS, 0, segment.scale());
                        }
                        continue;
                    }
                    String digits = new BigDecimal(Double.toString(d)).setScale(segment.scale(), RoundingMode.HALF_UP)
                            .toPlainString();
                    if (Double.doubleToRawLongBits(d) < 0 && digits.charAt(0) != '-') {
                        out.append('-');
                    }
                    out.append(digits);
                }
            }
        }
        return next == args.length ? out.toString() : null;
    }

    private static Segment[] parse(String pattern) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%') {
                literal.append(c);
                continue;
            }
            if (i + 1 >= pattern.length()) {
                return GENERAL;
            }
            char n = pattern.charAt(i + 1);
            if (n == '%') {
                literal.append('%');
                i++;
            } else if (n == 's' || n == 'd') {
                flush(literal, segments);
                segments.add(new Segment(null, n, 0));
                i++;
            } else if (n == '.' && i + 3 < pattern.length() && Character.isDigit(pattern.charAt(i + 2))
                    && pattern.charAt(i + 3) == 'f') {
                flush(literal, segments);
                segments.add(new Segment(null, 'f', pattern.charAt(i + 2) - '0'));
                i += 3;
            } else {
                return GENERAL;
            }
        }
        flush(literal, segments);
        return segments.toArray(Segment[]::new);
    }

    private static void flush(StringBuilder literal, List<Segment> segments) {
        if (!literal.isEmpty()) {
            segments.add(new Segment(literal.toString(), (char) 0, 0));
            literal.setLength(0);
        }
    }

    /**
     * A whole number that a {@code long} holds exactly, other than zero (whose sign {@code %.Nf} keeps): such a value
     * prints as its digits, under {@code %s} and, with zeros after the point, under {@code %.Nf}. Prices, notionals and
     * limits mostly are; this spares them the decimal conversion.
     */
    private static boolean isWhole(double value) {
        return value != 0 && Math.abs(value) < 0x1p53 && value == Math.rint(value);
    }

    private static BigDecimal plainDecimal(double value) {
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        return decimal.scale() < 0 ? decimal.setScale(0) : decimal;
    }
}
