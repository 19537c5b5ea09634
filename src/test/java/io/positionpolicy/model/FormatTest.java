package io.positionpolicy.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.model.facts.Format;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast path of {@link Format} writes exactly what {@code String.format} would. */
class FormatTest {

    @Test
    void fastPathMatchesStringFormatOnAMillionNumbers() {
        Random random = new Random(7);
        String pattern = "risk %.2f (%s %% of %.2f) at %.1f, %d contracts, %s";
        for (int i = 0; i < 1_000_000; i++) {
            double a = switch (i % 7) {
                case 0 -> Math.round(random.nextDouble() * 100_000) / 1000.0; // exact thousandths: ties to round
                case 1 -> random.nextGaussian() * Math.pow(10, random.nextInt(12) - 4);
                case 2 -> -random.nextDouble() / 1000;
                case 3 -> (random.nextInt(2_000_000) - 1_000_000) / 8.0;
                // whole numbers, up to and beyond what a long-backed shortcut may print (2^53)
                case 4 -> (double) (random.nextLong() >> random.nextInt(64));
                case 5 -> Math.rint(random.nextGaussian() * Math.pow(10, random.nextInt(20)));
                default -> random.nextDouble() * 70_000;
            };
            double b = random.nextDouble() * 3;
            Object[] args = {a, b, a * 7, -a, random.nextInt(1000) - 500, i % 7 == 0 ? "LONG" : (Object) (a / 3)};
            String expected = String.format(java.util.Locale.ROOT, pattern, plain(args));
            assertThat(Format.of(pattern, args)).as("%s", java.util.Arrays.toString(args)).isEqualTo(expected);
        }
        assertThat(Format.of("%s %.2f %s %.3f %s", 0x1p53, 0x1p53 - 1, 1e22, -5e15, 0.0))
                .isEqualTo("9007199254740992 9007199254740991.00 10000000000000000000000 -5000000000000000.000 0");
        assertThat(Format.of("%.2f %.2f %s", -0.0, -0.001, 1e-7)).isEqualTo(String.format("%.2f %.2f %s", -0.0,
                -0.001, new java.math.BigDecimal("1E-7")));
        assertThat(Format.of("odd %5.1f", 2.25)).isEqualTo("odd   2.3");
    }

    /** {@code fixed(value, n)} is {@code %.nf} for any n, the 10 to 12 decimals of a tick of 1e-10 included. */
    @Test
    void fixedWritesWhatPercentNfWritesAtAnyDecimals() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            int decimals = random.nextInt(13);
            double value = switch (i % 4) {
                case 0 -> Math.round(random.nextDouble() * 1_000_000_000) / 1e9; // ties at every scale
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(10) - 8);
                case 2 -> Math.rint(random.nextGaussian() * 100_000);
                default -> -random.nextDouble() / 1000;
            };
            assertThat(Format.fixed(value, decimals)).as("%s to %d decimals", value, decimals)
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%." + decimals + "f", value));
        }
        assertThat(Format.fixed(0.0123456, 7)).isEqualTo("0.0123456");
        assertThat(Format.fixed(0.01, 7)).isEqualTo("0.0100000");
        assertThat(Format.fixed(0.00000015, 7)).isEqualTo("0.0000002");
        assertThat(Format.fixed(12, 11)).isEqualTo("12.00000000000");
        assertThat(Format.fixed(Double.NaN, 2)).isEqualTo(String.format("%.2f", Double.NaN));
        assertThat(Format.fixed(Double.POSITIVE_INFINITY, 2)).isEqualTo(String.format("%.2f", Double.POSITIVE_INFINITY));
    }

    private static Object[] plain(Object[] args) {
        Object[] plain = args.clone();
        for (int i = 0; i < plain.length; i++) {
            if (plain[i] instanceof Double d) {
                java.math.BigDecimal decimal = java.math.BigDecimal.valueOf(d).stripTrailingZeros();
                plain[i] = decimal.scale() < 0 ? decimal.setScale(0) : decimal;
            }
        }
        // %.Nf takes the double itself
        plain[0] = args[0];
        plain[2] = args[2];
        plain[3] = args[3];
        return plain;
    }
}
