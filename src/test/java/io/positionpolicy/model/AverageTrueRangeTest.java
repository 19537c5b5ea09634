package io.positionpolicy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ATR(14) against TA-Lib's own values for the 30-bar StockCharts example in src/test/resources/fixtures/atr-reference (copied from the project data set). */
class AverageTrueRangeTest {
    private static final Path REFERENCE = Path.of("src/test/resources/fixtures/atr-reference/cs-atr_with_talib_atr14.csv");

    @Test
    void matchesTaLibToOneBillionth() throws IOException {
        List<String> rows = Files.readAllLines(REFERENCE).stream().skip(1).filter(l -> !l.isBlank()).toList();
        AverageTrueRange atr = new AverageTrueRange(14);
        int compared = 0;
        for (int i = 0; i < rows.size(); i++) {
            String[] cells = rows.get(i).strip().split(",", -1);
            double value = atr.update(Double.parseDouble(cells[2]), Double.parseDouble(cells[3]),
                    Double.parseDouble(cells[4]));
            String expected = cells[6];
            if (expected.isEmpty()) {
                assertTrue(Double.isNaN(value), "no ATR before bar 14, got one at bar " + i);
            } else {
                double reference = Double.parseDouble(expected);
                assertEquals(reference, value, Math.abs(reference) * 1e-9, "ATR at bar " + i);
                compared++;
            }
        }
        assertEquals(16, compared, "TA-Lib gives ATR(14) from bar 14 of 30");
    }

    @Test
    void firstValueIsTheMeanOfTheFirstFourteenTrueRangesAfterTheFirstBar() {
        AverageTrueRange atr = new AverageTrueRange(2);
        assertTrue(Double.isNaN(atr.update(10, 8, 9)));
        assertTrue(Double.isNaN(atr.update(12, 9, 11)));
        // TR1 = max(3, |12-9|, |9-9|) = 3; TR2 = max(2, |13-11|, |11-11|) = 2 -> (3 + 2) / 2
        assertEquals(2.5, atr.update(13, 11, 12), 1e-12);
        // TR3 = max(4, |16-12|, |12-12|) = 4 -> (2.5 x 1 + 4) / 2
        assertEquals(3.25, atr.update(16, 12, 15), 1e-12);
    }
}
