package io.positionpolicy.model.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A message writes a price to its instrument's tick, at least to cents: until 2026-12-08 every price was written
 * {@code %.2f}, so a 1000PEPEUSDT stop on the wrong side read "Stop 0.01 is not on the losing side of the LONG price
 * 0.01" and a DOGEUSDT one "Stop 0.16 … price 0.16".
 */
class PriceDecimalsTest {
    private static Instrument tick(double size) {
        return new Instrument("X", 1, 1, 1, size, 0, 50, List.of());
    }

    @Test
    void aTickOfACentOrCoarserKeepsCents() {
        assertThat(tick(0.1).price(69_500)).isEqualTo("69500.00");
        assertThat(tick(0.1).price(56_161.616161)).isEqualTo("56161.62");
        assertThat(tick(0.01).price(3456.785)).isEqualTo("3456.79"); // half up, as %.2f
        assertThat(tick(0.25).price(101.25)).isEqualTo("101.25");
        assertThat(tick(0.5).getPriceDecimals()).isEqualTo(2);
        assertThat(tick(1).getPriceDecimals()).isEqualTo(2);
        assertThat(tick(10).getPriceDecimals()).isEqualTo(2);
    }

    @Test
    void aFinerTickShowsItsOwnDecimals() {
        assertThat(tick(0.00001).price(0.16234)).isEqualTo("0.16234");
        assertThat(tick(0.00001).price(0.161)).isEqualTo("0.16100");
        assertThat(tick(0.0000001).price(0.0123456)).isEqualTo("0.0123456");
        assertThat(tick(0.0000001).price(0.00997624242)).isEqualTo("0.0099762");
        assertThat(tick(0.0000001).price(0.01466804)).isEqualTo("0.0146680");
        assertThat(tick(0.001).price(2.0005)).isEqualTo("2.001");
        assertThat(tick(1e-10).getPriceDecimals()).isEqualTo(10);
        assertThat(tick(0.0005).getPriceDecimals()).isEqualTo(4);
    }
}
