package io.positionpolicy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The metrics' rounding takes a shortcut without BigDecimal for the common case; it must give exactly what half-up
 * rounding of the shortest decimal form gives (the messages' rounding), ties, negatives and large figures included.
 */
class DisplayRoundingTest {
    private static double reference(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    private static void check(double value, int decimals) {
        assertThat(DecisionAssembler.rounded(value, decimals)).as("%s to %d decimals", value, decimals)
                .isEqualTo(reference(value, decimals));
    }

    @Test
    void theShortcutRoundsAsTheDecimalFormDoesOnMillionsOfValues() {
        SplittableRandom random = new SplittableRandom(20261207);
        for (int i = 0; i < 2_000_000; i++) {
            int decimals = random.nextInt(2, 11);
            double value = switch (i % 5) {
                case 0 -> random.nextDouble(-1e6, 1e6);
                case 1 -> random.nextLong(-10_000_000, 10_000_000) / 1000.0 + 0.0005; // ties at three decimals
                case 2 -> random.nextLong(-1_000_000, 1_000_000) / Math.pow(10, decimals + 1); // ties and near ties
                case 3 -> random.nextDouble(-1, 1) * Math.pow(10, random.nextInt(-8, 18));
                default -> random.nextLong(-100_000_000, 100_000_000); // whole
            };
            check(value, decimals);
        }
    }

    @Test
    void tiesNegativeZeroAndHugeFigures() {
        check(1.005, 2); // the double lies just below 1.005: the decimal form rounds up
        check(2.675, 2);
        check(-1.005, 2);
        check(0.125, 2);
        check(-0.001, 2);
        assertThat(DecisionAssembler.rounded(-0.001, 2)).isEqualTo(0.0); // not -0.0
        assertThat(DecisionAssembler.rounded(-0.0, 2)).isEqualTo(0.0);
        check(1e18 + 12345, 2);
        check(123_456_789.125, 2);
        check(0.01234565, 7);
        assertThat(DecisionAssembler.rounded(Double.NaN, 2)).isNull();
    }
}
