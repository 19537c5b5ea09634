package io.positionpolicy.backtest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.zip.GZIPInputStream;

/**
 * Streams candles from a CSV file, plain or gzipped, one row at a time (memory does not grow with the file, nor with a
 * line: one longer than {@link #MAX_LINE_CHARS} stops the read). Two layouts, told apart by the header:
 * {@code datetime,open,high,low,close,volume} (UTC {@code YYYY-MM-DD HH:MM:SS}) and
 * {@code open_time_ms,open,high,low,close,volume}. Every row is checked; a bad one stops the read naming its line.
 */
public final class CandleFile implements Closeable {
    /** Longest line read: a candle row is under 100 characters, so this only stops a file that is not candles. */
    public static final int MAX_LINE_CHARS = 4096;
    /** 2000-01-01 and 2200-01-01 UTC: a candle outside is a mistake, such as epoch seconds as milliseconds. */
    private static final long EARLIEST = 946_684_800_000L;
    private static final long LATEST = 7_258_118_400_000L;
    private final Path file;
    private final long size;
    private final CountingStream counted;
    private final BoundedLineReader reader;
    private final boolean epochMillis;
    private int lineNumber = 1;
    private long previousTime = Long.MIN_VALUE;

    private CandleFile(Path file, long maxBytes) throws IOException {
        this.file = file;
        this.size = Math.max(1, Files.size(file));
        this.counted = new CountingStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        InputStream data = counted;
        counted.mark(2);
        int first = counted.read();
        int second = counted.read();
        counted.reset();
        if (first == 0x1f && second == 0x8b) {
            data = new GZIPInputStream(counted, 1 << 16);
        }
        if (maxBytes < Long.MAX_VALUE) {
            data = new LimitedStream(data, maxBytes);
        }
        this.reader = new BoundedLineReader(new InputStreamReader(data, StandardCharsets.UTF_8), MAX_LINE_CHARS);
        try {
            this.epochMillis = readHeader();
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Reads the header line; true for the epoch-milliseconds layout, false for date-times. */
    private boolean readHeader() throws IOException {
        String header = line();
        if (header == null) {
            throw new CandleFileException(file + ":1: the file is empty");
        }
        String h = header.strip().toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("\uFEFF")) {
            h = h.substring(1);
        }
        if (h.equals("datetime,open,high,low,close,volume")) {
            return false;
        } else if (h.equals("open_time_ms,open,high,low,close,volume")) {
            return true;
        }
        if (header.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t' || c == '\uFFFD')) {
            throw new CandleFileException(file + ":1: not CSV text" + packedAs(header)
                    + "; a candle file is CSV, plain or gzipped once");
        }
        String shown = header.strip().length() > 100 ? header.strip().substring(0, 100) + "…" : header.strip();
        throw new CandleFileException(file + ":1: unknown header '" + shown + "'; expected "
                + "datetime,open,high,low,close,volume or open_time_ms,open,high,low,close,volume");
    }

    /** What a binary first line looks like it is, by its first bytes (read as UTF-8), or nothing. */
    private static String packedAs(String header) {
        if (header.startsWith("PK\u0003\u0004")) {
            return " (a zip archive)";
        } else if (header.startsWith("BZh")) {
            return " (bzip2)";
        } else if (header.startsWith("\u001f\uFFFD")) {
            return " (gzip inside gzip)";
        } else if (header.startsWith("\uFFFD7zXZ")) {
            return " (xz)";
        }
        return "";
    }

    /** Whether the file starts with one of the two candle headers: the files a backtest can be offered. */
    public static boolean hasCandleHeader(Path file) {
        try (CandleFile candles = new CandleFile(file, Long.MAX_VALUE)) {
            return true;
        } catch (IOException | CandleFileException e) {
            return false;
        }
    }

    public static CandleFile open(Path file) {
        return open(file, Long.MAX_VALUE);
    }

    /**
     * A candle file of at most {@code maxBytes} once decompressed (an upload): past that the read stops with a
     * {@link TooLargeException}, so a small gzip cannot make the service read gigabytes.
     */
    public static CandleFile open(Path file, long maxBytes) {
        try {
            return new CandleFile(file, maxBytes);
        } catch (IOException e) {
            throw new CandleFileException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The next candle, or null at the end of the file. */
    public Bar next() {
        try {
            String line;
            do {
                lineNumber++;
                line = line();
                if (line == null) {
                    return null;
                }
            } while (line.isBlank());
            return parse(line);
        } catch (IOException e) {
            throw new CandleFileException(file + ":" + lineNumber + ": cannot read: " + e.getMessage());
        }
    }

    /** The next line, or null at the end; a line too long or a file too large is a problem naming its line. */
    private String line() throws IOException {
        try {
            return reader.readLine();
        } catch (BoundedLineReader.LineTooLongException e) {
            throw bad("the line is longer than " + e.maxChars + " characters; a candle row is under 100");
        } catch (LimitedStream.LimitReached e) {
            throw new TooLargeException(file.getFileName() + ":" + lineNumber + ": larger than " + e.maxBytes
                    + " bytes decompressed", e.maxBytes);
        }
    }

    /** Share of the file read so far, 0 to 1 (compressed bytes for a gzipped file). */
    public double progress() {
        return Math.min(1.0, (double) counted.count / size);
    }

    private Bar parse(String line) {
        String[] cells = line.strip().split(",", -1);
        if (cells.length != 6) {
            throw bad("expected 6 columns, found " + cells.length);
        }
        long time = time(cells[0].strip());
        if (time < EARLIEST || time >= LATEST) {
            throw bad("time " + cells[0].strip() + " is " + java.time.Instant.ofEpochMilli(time)
                    + "; a candle's time must be from 2000 to 2200" + (epochMillis && time >= EARLIEST / 1000
                            && time < LATEST / 1000 ? " (open_time_ms is milliseconds; this looks like seconds)" : ""));
        }
        double open = number(cells[1], "open");
        double high = number(cells[2], "high");
        double low = number(cells[3], "low");
        double close = number(cells[4], "close");
        double volume = number(cells[5], "volume");
        if (open <= 0 || high <= 0 || low <= 0 || close <= 0) {
            throw bad("prices must be greater than 0");
        }
        if (volume < 0) {
            throw bad("volume must not be negative");
        }
        if (high < Math.max(open, close) || low > Math.min(open, close)) {
            throw bad("high and low must bracket open and close");
        }
        if (time <= previousTime) {
            throw bad("time must be later than the previous row's");
        }
        previousTime = time;
        return new Bar(time, open, high, low, close, volume);
    }

    private long time(String cell) {
        try {
            if (epochMillis) {
                return Long.parseLong(cell);
            }
            return dateTime(cell);
        } catch (NumberFormatException | DateTimeException e) {
            throw bad("bad time '" + cell + "'; expected " + (epochMillis ? "epoch milliseconds"
                    : "YYYY-MM-DD HH:MM:SS"));
        }
    }

    /**
     * {@code YYYY-MM-DD HH:MM:SS} in UTC, read digit by digit: {@code DateTimeFormatter}'s general parser took 7.6 % of
     * a whole backtest. A date that does not exist (February 30, hour 24) is refused rather than adjusted.
     */
    static long dateTime(String cell) {
        if (cell.length() != 19 || cell.charAt(4) != '-' || cell.charAt(7) != '-' || cell.charAt(10) != ' '
                || cell.charAt(13) != ':' || cell.charAt(16) != ':') {
            throw new DateTimeException("not YYYY-MM-DD HH:MM:SS");
        }
        return LocalDateTime.of(digits(cell, 0, 4), digits(cell, 5, 2), digits(cell, 8, 2), digits(cell, 11, 2),
                digits(cell, 14, 2), digits(cell, 17, 2)).toEpochSecond(ZoneOffset.UTC) * 1000;
    }

    private static int digits(String cell, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = cell.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeException("not a digit at " + i);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private double number(String cell, String column) {
        String text = cell.strip();
        if (!decimal(text)) { // Java's own forms are no CSV number: 100f and 8d (read as 100 and 8), 0x1p3 (8)
            throw bad(column + " '" + text + "' is not a number");
        }
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw bad(column + " is not a finite number");
            }
            return value;
        } catch (NumberFormatException e) {
            throw bad(column + " '" + cell.strip() + "' is not a number");
        }
    }

    /** Digits with an optional sign, point and exponent (what a CSV writer prints), checked without a regex. */
    private static boolean decimal(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return false;
            }
        }
        return true;
    }

    private CandleFileException bad(String reason) {
        return new CandleFileException(file.getFileName() + ":" + lineNumber + ": " + reason);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bad file or row: the message starts with the file name and line. */
    public static class CandleFileException extends RuntimeException {
        public CandleFileException(String message) {
            super(message);
        }
    }

    /** A file larger, decompressed, than {@link #open(Path, long)} was given; {@link #maxBytes} is that limit. */
    public static final class TooLargeException extends CandleFileException {
        private final long maxBytes;

        TooLargeException(String message, long maxBytes) {
            super(message);
            this.maxBytes = maxBytes;
        }

        public long maxBytes() {
            return maxBytes;
        }
    }

    /** Ends the read with {@link LimitReached} once more than {@code maxBytes} have come through. */
    private static final class LimitedStream extends FilterInputStream {
        private final long maxBytes;
        private long count;

        LimitedStream(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws LimitReached {
            count += n;
            if (count > maxBytes) {
                throw new LimitReached(maxBytes);
            }
        }

        static final class LimitReached extends IOException {
            final long maxBytes;

            LimitReached(long maxBytes) {
                super("larger than " + maxBytes + " bytes");
                this.maxBytes = maxBytes;
            }
        }
    }

    private static final class CountingStream extends FilterInputStream {
        long count;
        private long marked;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public synchronized void mark(int limit) {
            super.mark(limit);
            marked = count;
        }

        @Override
        public synchronized void reset() throws IOException {
            super.reset();
            count = marked;
        }
    }
}
