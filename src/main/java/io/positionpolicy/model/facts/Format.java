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
 *
 * <p>Money (risk, budget, notional, equity, P&amp;L) is written {@code %.2f}, to the cent. A price, or a distance
 * between prices such as the ATR, is written to its instrument's decimals: {@code %s} with
 * {@code $i.price(value)} ({@link Instrument#price}), which is {@code %.2f} for a tick of a cent or coarser and
 * the tick's own decimals for a finer one (1000PEPEUSDT, tick 0.0000001: {@code 0.0123456}, not {@code 0.01}). The
 * decimals change with the instrument, not with the message, so they are not part of the pattern: the pattern stays a
 * literal that is parsed once, and a rule reads "price %s" with the price it shows.
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
                    appendFixed(out, d, segment.scale());
                }
            }
        }
        return next == args.length ? out.toString() : null;
    }

    /**
     * {@code value} with {@code decimals} digits after the point, as {@code %.Nf} writes it for any N (half-up rounding
     * of the shortest decimal form, a minus sign on negative zero); {@code NaN} or {@code Infinity} as {@code %f} does.
     * For a figure whose decimals are known only at run time: a price to its tick's decimals
     * ({@link Instrument#price}), put into a message under {@code %s}.
     */
    public static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        StringBuilder out = new StringBuilder(24);
        appendFixed(out, value, decimals);
        return out.toString();
    }

    private static void appendFixed(StringBuilder out, double value, int decimals) {
        if (isWhole(value)) {
            out.append((long) value);
            if (decimals > 0) {
                out.append('.');
                for (int left = decimals; left > 0; left -= ZEROS.length) {
                    out.append(ZEROS, 0, Math.min(left, ZEROS.length));
                }
            }
            return;
        }
        String digits = new BigDecimal(Double.toString(value)).setScale(decimals, RoundingMode.HALF_UP)
                .toPlainString();
        if (Double.doubleToRawLongBits(value) < 0 && digits.charAt(0) != '-') {
            out.append('-');
        }
        out.append(digits);
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
