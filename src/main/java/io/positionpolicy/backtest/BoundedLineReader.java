package io.positionpolicy.backtest;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Lines of text, each at most {@code maxChars} long: a longer one is refused as soon as it passes the bound, before it
 * is held in memory. {@code BufferedReader.readLine} keeps reading until it finds a line break, so a file without one
 * (a gzip of 200 MB of zeros is 194 KB) fills the heap. Line breaks are {@code \n}, {@code \r\n} or a lone {@code \r},
 * as there. No library at hand bounds a line (Commons IO's {@code BoundedReader} bounds the whole stream).
 */
final class BoundedLineReader implements Closeable {
    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int end;
    private boolean skipNewline; // the last line ended at a \r, so a \n right after it belongs to that break

    BoundedLineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** A line longer than the bound; {@link #maxChars} says what the bound was. */
    static final class LineTooLongException extends IOException {
        final int maxChars;

        LineTooLongException(int maxChars) {
            super("the line is longer than " + maxChars + " characters");
            this.maxChars = maxChars;
        }
    }

    /** The next line without its line break, or null at the end of the text. */
    String readLine() throws IOException {
        StringBuilder spanning = null; // the part of a line read before the buffer was refilled
        while (true) {
            if (position == end && !fill()) {
                return spanning == null ? null : spanning.toString();
            }
            if (skipNewline) {
                skipNewline = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            int start = position;
            int held = spanning == null ? 0 : spanning.length();
            while (position < end) {
                char c = buffer[position];
                if (c == '\n' || c == '\r') {
                    check(held + position - start);
                    String line = spanning == null ? new String(buffer, start, position - start)
                            : spanning.append(buffer, start, position - start).toString();
                    position++;
                    skipNewline = c == '\r';
                    return line;
                }
                position++;
            }
            check(held + position - start);
            spanning = spanning == null ? new StringBuilder() : spanning;
            spanning.append(buffer, start, position - start);
        }
    }

    private void check(int length) throws LineTooLongException {
        if (length > maxChars) {
            throw new LineTooLongException(maxChars);
        }
    }

    private boolean fill() throws IOException {
        int read;
        do {
            read = in.read(buffer, 0, buffer.length);
        } while (read == 0);
        position = 0;
        end = Math.max(read, 0);
        return read > 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
