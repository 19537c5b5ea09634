package io.positionpolicy.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines as BufferedReader reads them, but none longer than the bound, and no endless line held in memory. */
class BoundedLineReaderTest {

    @Test
    void readsTheLinesBufferedReaderReads() throws IOException {
        String longLine = "x".repeat(70_000); // spans the 64 Ki-character buffer
        for (String text : List.of("", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\r", "\n\n", "\r\n\r\n", "a\r\r\nb",
                longLine + "\n" + longLine, "b\r" + longLine + "\r\n")) {
            assertThat(lines(new BoundedLineReader(new StringReader(text), 100_000)))
                    .as(text.length() > 20 ? text.substring(0, 20) : text)
                    .isEqualTo(lines(new BufferedReader(new StringReader(text))));
        }
    }

    @Test
    void aLineLongerThanTheBoundIsRefusedAtTheBound() throws IOException {
        BoundedLineReader reader = new BoundedLineReader(new StringReader("1234\n12345\n"), 4);
        assertThat(reader.readLine()).isEqualTo("1234");
        assertThatThrownBy(reader::readLine).isInstanceOf(BoundedLineReader.LineTooLongException.class)
                .hasMessage("the line is longer than 4 characters");
    }

    @Test
    void anEndlessLineIsRefusedWithoutReadingItAll() {
        long[] served = {0};
        Reader endless = new Reader() { // a line with no end: BufferedReader.readLine would fill the heap
            @Override
            public int read(char[] buffer, int offset, int length) {
                java.util.Arrays.fill(buffer, offset, offset + length, '0');
                served[0] += length;
                return length;
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> new BoundedLineReader(endless, 4096).readLine())
                .isInstanceOf(BoundedLineReader.LineTooLongException.class);
        assertThat(served[0]).isLessThanOrEqualTo(1 << 16);
    }

    private static List<String> lines(BoundedLineReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    private static List<String> lines(BufferedReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lines.add(line);
        }
        return lines;
    }
}
