package io.positionpolicy.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 19, item 8: the equity chart's axis ticks fall on round values. */
class NiceTicksTest {

    @Test
    void theIssuesRangeGetsRoundTicks() {
        NiceTicks ticks = NiceTicks.covering(9_260.4, 11_415.7, 6);
        assertThat(ticks.step()).isEqualTo(500.0);
        assertThat(ticks.values()).containsExactly(9_000.0, 9_500.0, 10_000.0, 10_500.0, 11_000.0, 11_500.0);
        assertThat(ticks.values()).extracting(ticks::label)
                .containsExactly("9,000", "9,500", "10,000", "10,500", "11,000", "11,500");
    }

    @Test
    void everyStepIsOneTwoOrFiveTimesAPowerOfTenAndTheTicksCoverTheRange() {
        double[][] ranges = {{0.37, 0.41}, {9_991, 10_013}, {1, 2}, {-120, 35}, {5_000, 5_000}, {1e6, 7.3e6}};
        for (double[] range : ranges) {
            NiceTicks ticks = NiceTicks.covering(range[0], range[1], 6);
            double mantissa = ticks.step() / Math.pow(10, Math.floor(Math.log10(ticks.step())));
            assertThat(Math.round(mantissa * 1000) / 1000.0).as("step %s", ticks.step()).isIn(1.0, 2.0, 5.0);
            List<Double> values = ticks.values();
            assertThat(values.get(0)).isLessThanOrEqualTo(range[0]);
            assertThat(values.get(values.size() - 1)).isGreaterThanOrEqualTo(range[1]);
            assertThat(values.size()).isBetween(3, 12);
            values.forEach(v -> assertThat(Math.abs(v / ticks.step() - Math.round(v / ticks.step()))).isLessThan(1e-6));
        }
    }

    @Test
    void labelsShowTheDecimalsTheStepNeeds() {
        NiceTicks ticks = NiceTicks.covering(0.37, 0.41, 6);
        assertThat(ticks.step()).isEqualTo(0.01, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ticks.label(ticks.values().get(0))).isEqualTo("0.37");
    }
}
