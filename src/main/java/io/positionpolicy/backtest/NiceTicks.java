package io.positionpolicy.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Axis ticks on round values ("nice numbers", Heckbert 1990): the step is 1, 2 or 5 times a power of ten, and the
 * axis runs from the multiple of the step at or below the lowest value to the one at or above the highest.
 */
record NiceTicks(double low, double high, double step) {

    /** About {@code count} ticks (at least two) covering [min, max]. */
    static NiceTicks covering(double min, double max, int count) {
        if (!(max > min)) {
            double pad = Math.max(1, Math.abs(min) * 0.01);
            min -= pad;
            max += pad;
        }
        double step = nice((max - min) / Math.max(1, count - 1));
        return new NiceTicks(Math.floor(min / step) * step, Math.ceil(max / step) * step, step);
    }

    /** The tick values from low to high. */
    List<Double> values() {
        List<Double> values = new ArrayList<>();
        long n = Math.round((high - low) / step);
        for (long i = 0; i <= n; i++) {
            values.add(low + i * step); // from low each time, so errors do not add up
        }
        return values;
    }

    /** A tick's label: thousands separated, as many decimals as the step needs and no more. */
    String label(double value) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** The round number nearest {@code x}: 1, 2, 5 or 10 times a power of ten. */
    private static double nice(double x) {
        double exponent = Math.floor(Math.log10(x));
        double fraction = x / Math.pow(10, exponent);
        double nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
        return nice * Math.pow(10, exponent);
    }
}
