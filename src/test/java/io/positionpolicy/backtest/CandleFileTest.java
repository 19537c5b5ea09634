package io.positionpolicy.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both layouts, plain and gzipped, and a bad row named by its line. */
class CandleFileTest {
    @TempDir
    Path dir;

    @Test
    void readsTheDateTimeLayout() throws Exception {
        Path file = dir.resolve("h.csv");
        Files.writeString(file, "datetime,open,high,low,close,volume\n"
                + "2018-02-09 16:00:00,8200,8300,8100,8250,12.5\n\n2018-02-09 17:00:00,8250,8260,8000,8010,3\n");
        try (CandleFile candles = CandleFile.open(file)) {
            Bar first = candles.next();
            assertThat(Instant.ofEpochMilli(first.time())).isEqualTo(Instant.parse("2018-02-09T16:00:00Z"));
            assertThat(first.close()).isEqualTo(8250);
            assertThat(candles.next().low()).isEqualTo(8000);
            assertThat(candles.next()).isNull();
            assertThat(candles.progress()).isEqualTo(1.0);
        }
    }

    @Test
    void readsTheEpochLayoutGzipped() throws Exception {
        Path file = dir.resolve("m.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(("open_time_ms,open,high,low,close,volume\n1617321600000,58000,58100,57900,58050,1\n"
                    + "1617321660000,58050,58060,58000,58010,0\n").getBytes(StandardCharsets.UTF_8));
        }
        try (CandleFile candles = CandleFile.open(file)) {
            assertThat(candles.next().time()).isEqualTo(1_617_321_600_000L);
            assertThat(candles.next().volume()).isZero();
            assertThat(candles.next()).isNull();
        }
    }

    @Test
    void theDateTimeIsReadAsJavaTimeReadsItAndOnlyRealDatesPass() throws Exception {
        DateTimeFormatter layout = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
        for (LocalDateTime t = LocalDateTime.of(2016, 12, 31, 23, 59, 59); t.getYear() < 2026; t = t.plusSeconds(
                86_399 * 7 + 3_607)) {
            String cell = t.format(layout);
            assertThat(CandleFile.dateTime(cell)).as(cell).isEqualTo(t.toInstant(ZoneOffset.UTC).toEpochMilli());
        }
        assertThat(CandleFile.dateTime("2024-02-29 23:00:00"))
                .isEqualTo(Instant.parse("2024-02-29T23:00:00Z").toEpochMilli());
        String header = "datetime,open,high,low,close,volume\n";
        for (String bad : List.of("2023-02-29 00:00:00", "2024-01-01 24:00:00", "2024-01-01T00:00:00",
                "2024-1-01 00:00:00", "2024-01-01 00:00:00.0", "2024-01-01 00:60:00", "２０２４-01-01 00:00:00")) {
            assertError(header + bad + ",10,11,9,10,1\n", "x.csv:2: bad time '" + bad + "'; expected YYYY-MM-DD HH:MM:SS");
        }
    }

    @Test
    void aBadRowIsNamedByItsLine() throws Exception {
        String header = "open_time_ms,open,high,low,close,volume\n";
        String good = "1617321600000,10,11,9,10.5,1\n";
        String next = "1617321660000";
        assertError(header + good + next + ",10,11,9,12,1\n", "x.csv:3: high and low must bracket open and close");
        assertError(header + good + "1617321600000,10,11,9,10,1\n", "x.csv:3: time must be later");
        assertError(header + good + next + ",10,11,9\n", "x.csv:3: expected 6 columns, found 4");
        assertError(header + "abc,10,11,9,10,1\n", "x.csv:2: bad time 'abc'");
        assertError(header + good + next + ",ten,11,9,10,1\n", "x.csv:3: open 'ten' is not a number");
        assertError(header + good + next + ",10,11,-9,10,1\n", "x.csv:3: prices must be greater than 0");
        assertError("time,o,h,l,c\n", "x.csv:1: unknown header");
        // Java's number forms were read: 11d as 11, 10f as 10, 0x1p3 as 8
        assertError(header + good + next + ",10,11d,9,10,1\n", "x.csv:3: high '11d' is not a number");
        assertError(header + good + next + ",10,11,9,10f,1\n", "x.csv:3: close '10f' is not a number");
        assertError(header + good + next + ",0x1p3,11,7,10,1\n", "x.csv:3: open '0x1p3' is not a number");
        assertError(header + good + next + ",NaN,11,7,10,1\n", "x.csv:3: open 'NaN' is not a number");
    }

    /** Epoch seconds in the milliseconds layout were read as January 1970, and the backtest ran on that timeline. */
    @Test
    void aTimeBefore2000OrFrom2200IsABadRow() throws Exception {
        assertError("open_time_ms,open,high,low,close,volume\n1617321600,10,11,9,10.5,1\n",
                "x.csv:2: time 1617321600 is 1970-01-19T17:15:21.600Z; a candle's time must be from 2000 to 2200 "
                        + "(open_time_ms is milliseconds; this looks like seconds)");
        assertError("datetime,open,high,low,close,volume\n2021-04-02 00:00:00,10,11,9,10,1\n"
                + "2200-01-01 00:00:00,10,11,9,10,1\n", "x.csv:3: time 2200-01-01 00:00:00 is 2200-01-01T00:00:00Z; "
                        + "a candle's time must be from 2000 to 2200");
        assertError("datetime,open,high,low,close,volume\n1999-12-31 23:00:00,10,11,9,10,1\n",
                "x.csv:2: time 1999-12-31 23:00:00 is 1999-12-31T23:00:00Z; a candle's time must be from 2000 to 2200");
    }

    @Test
    void aLineLongerThanABoundIsRefusedBeforeItFillsTheHeap() throws Exception {
        Path bomb = dir.resolve("bomb.csv.gz"); // 200 MB of zeros without a line break, 194 KB gzipped
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb))) {
            out.write("datetime,open,high,low,close,volume\n".getBytes(StandardCharsets.UTF_8));
            byte[] zeros = new byte[1 << 20];
            java.util.Arrays.fill(zeros, (byte) '0');
            for (int i = 0; i < 200; i++) {
                out.write(zeros);
            }
        }
        assertThatThrownBy(() -> {
            try (CandleFile candles = CandleFile.open(bomb)) {
                candles.next();
            }
        }).isInstanceOf(CandleFile.CandleFileException.class)
                .hasMessage("bomb.csv.gz:2: the line is longer than 4096 characters; a candle row is under 100");
        assertError("x".repeat(5000) + "\n", "x.csv:1: the line is longer than 4096 characters");
        assertThat(CandleFile.hasCandleHeader(dir.resolve("x.csv"))).isFalse();
    }

    @Test
    void aFileLargerDecompressedThanItsLimitStopsTheRead() throws Exception {
        Path file = dir.resolve("big.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("open_time_ms,open,high,low,close,volume\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 1; i <= 10_000; i++) {
                long time = 1_617_321_600_000L + i * 60_000L;
                out.write((time + ",10,11,9,10,1\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        try (CandleFile candles = CandleFile.open(file, 1_000_000)) {
            int read = 0;
            while (candles.next() != null) {
                read++;
            }
            assertThat(read).isEqualTo(10_000);
        }
        assertThatThrownBy(() -> {
            try (CandleFile candles = CandleFile.open(file, 100_000)) {
                while (candles.next() != null) {
                    // read to the limit
                }
            }
        }).isInstanceOfSatisfying(CandleFile.TooLargeException.class, e -> assertThat(e.maxBytes()).isEqualTo(100_000))
                .hasMessageStartingWith("big.csv.gz:").hasMessageEndingWith(": larger than 100000 bytes decompressed");
    }

    /** A zip or a twice-gzipped file was echoed back as up to 4,096 characters of binary in the problem. */
    @Test
    void aBinaryFileIsNamedForWhatItLooksLikeNotEchoed() throws Exception {
        byte[] csv = "datetime,open,high,low,close,volume\n2021-04-02 00:00:00,10,11,9,10,1\n"
                .getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            out.putNextEntry(new java.util.zip.ZipEntry("btc.csv"));
            out.write(csv);
        }
        java.io.ByteArrayOutputStream twice = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(new GZIPOutputStream(twice))) {
            out.write(csv);
        }
        for (Object[] binary : List.of(new Object[] {zip.toByteArray(), "(a zip archive)"},
                new Object[] {twice.toByteArray(), "(gzip inside gzip)"},
                new Object[] {new byte[] {0, 1, 2, 3, 'a', '\n'}, ""})) {
            Path file = dir.resolve("x.csv");
            Files.write(file, (byte[]) binary[0]);
            String looksLike = ((String) binary[1]).isEmpty() ? "" : " " + binary[1];
            assertThatThrownBy(() -> CandleFile.open(file)).isInstanceOf(CandleFile.CandleFileException.class)
                    .hasMessageEndingWith("x.csv:1: not CSV text" + looksLike
                            + "; a candle file is CSV, plain or gzipped once");
        }
        assertError("d".repeat(300) + "\n", "x.csv:1: unknown header '" + "d".repeat(100) + "…'; expected");
    }

    private void assertError(String text, String message) throws Exception {
        Path file = dir.resolve("x.csv");
        Files.writeString(file, text);
        assertThatThrownBy(() -> {
            try (CandleFile candles = CandleFile.open(file)) {
                while (candles.next() != null) {
                    // read to the end
                }
            }
        }).isInstanceOf(CandleFile.CandleFileException.class).hasMessageContaining(message);
    }
}
