package io.positionpolicy.model.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.positionpolicy.model.Side;

/**
 * A stop the rounding rule puts on the tick grid is on the grid: otherwise "Stop off the tick grid" fires again on its
 * own result until the evaluation's firing limit fails the request (found at 112,003.43 on a 0.01 tick).
 */
class TickGridTest {
    private static Instrument tick(double size) {
        return new Instrument("X", 0.001, 0.001, 0.001, size, 0, 100, List.of());
    }

    @Test
    void largePricesOnASmallTick() {
        Instrument i = tick(0.01);
        assertThat(112_003.43 / 0.01).isNotEqualTo(11_200_343.0); // the division alone misses the whole number
        assertThat(i.isOnTickGrid(112_003.43)).isTrue();
        assertThat(i.roundStopTowardsPrice(112_003.43, Side.LONG)).isEqualTo(112_003.43);
        assertThat(i.roundStopTowardsPrice(112_003.43, Side.SHORT)).isEqualTo(112_003.43);
        assertThat(i.roundStopTowardsPrice(112_003.425, Side.LONG)).isEqualTo(112_003.43);
        assertThat(i.roundStopTowardsPrice(112_003.425, Side.SHORT)).isEqualTo(112_003.42);
        assertThat(i.isOnTickGrid(112_003.425)).isFalse();
    }

    @Test
    void aRoundedStopIsOnTheGridWithinOneTickTowardsThePrice() {
        Random random = new Random(20_261_129L);
        double[] ticks = {1, 0.5, 0.25, 0.1, 0.05, 0.01, 0.001, 0.0001, 0.00001};
        for (int n = 0; n < 1_000_000; n++) {
            double size = ticks[random.nextInt(ticks.length)];
            Instrument i = tick(size);
            double stop = Math.pow(10, -2 + 9 * random.nextDouble()); // 0.01 to 10 million
            Side side = random.nextBoolean() ? Side.LONG : Side.SHORT;
            double rounded = i.roundStopTowardsPrice(stop, side);
            String what = side + " stop " + stop + " on tick " + size + " -> " + rounded;
            assertThat(i.isOnTickGrid(rounded)).as(what).isTrue();
            assertThat(i.roundStopTowardsPrice(rounded, side)).as(what).isEqualTo(rounded);
            double towardsPrice = side == Side.LONG ? rounded - stop : stop - rounded;
            assertThat(towardsPrice).as(what).isBetween(-1e-9 * size - Math.ulp(stop), size);
        }
    }
}
