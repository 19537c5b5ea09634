package io.positionpolicy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.positionpolicy.model.EvaluationRequest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JSON on the wire is UTF-8 (RFC 8259 §8.1). A leading byte order mark is dropped before the body is parsed and before
 * its text is kept; UTF-16, UTF-32 and invalid byte sequences are refused at {@code $}. Jackson alone read all of them,
 * and the service kept text that did not read back as JSON.
 */
class RequestEncodingTest {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static String step1() throws Exception {
        return Files.readString(Path.of("examples/worked-example-step1.json"));
    }

    private static byte[] withBom(String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[BOM.length + text.length];
        System.arraycopy(BOM, 0, body, 0, BOM.length);
        System.arraycopy(text, 0, body, BOM.length, text.length);
        return body;
    }

    private static InvalidRequestException refused(byte[] body) {
        return catchThrowableOfType(InvalidRequestException.class, () -> RequestParser.parse(body));
    }

    @Test
    void aLeadingByteOrderMarkIsDroppedBeforeParsingAndFromTheTextKept() throws Exception {
        byte[] body = withBom(step1());

        assertThat(RequestParser.text(body)).isEqualTo(step1()).doesNotStartWith("\uFEFF");
        assertThat(RequestParser.parse(body).account().id()).isEqualTo("acc-1");
        assertThat(RequestParser.tree(withBom("{\"items\": []}")).has("items")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16", "UTF-16BE", "UTF-16LE", "UTF-32", "UTF-32BE", "UTF-32LE"})
    void utf16AndUtf32AreRefusedAtTheRoot(String charset) throws Exception {
        byte[] body = step1().getBytes(Charset.forName(charset));

        assertThat(refused(body).errors()).containsExactly(
                new FieldError("$", "must be UTF-8 encoded JSON (RFC 8259): this body is UTF-16 or UTF-32"));
        // the same for every other JSON body: a batch, a trading-state change, candidate rule files
        assertThat(catchThrowableOfType(InvalidRequestException.class, () -> RequestParser.tree(body)).errors())
                .extracting(FieldError::field).containsExactly("$");
        assertThat(catchThrowableOfType(InvalidRequestException.class,
                () -> RequestParser.read(body, EvaluationRequest.Account.class)).errors())
                .extracting(FieldError::field).containsExactly("$");
    }

    @Test
    void invalidUtf8IsRefusedWithTheOffsetOfTheBadBytes() throws Exception {
        String json = step1();
        int at = json.indexOf("acc-1");
        byte[] latin1 = json.replace("acc-1", "acc-\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        byte[] surrogate = json.getBytes(StandardCharsets.UTF_8);
        surrogate[at] = (byte) 0xED; // U+D800 encoded in UTF-8: not a character
        surrogate[at + 1] = (byte) 0xA0;
        surrogate[at + 2] = (byte) 0x80;

        assertThat(refused(latin1).errors()).containsExactly(new FieldError("$",
                "must be UTF-8 encoded JSON (RFC 8259): the bytes at offset " + (at + 4) + " are not UTF-8"));
        assertThat(refused(surrogate).errors()).containsExactly(new FieldError("$",
                "must be UTF-8 encoded JSON (RFC 8259): the bytes at offset " + at + " are not UTF-8"));
    }

    @Test
    void utf8BeyondAsciiIsRead() throws Exception {
        byte[] body = step1().replace("acc-1", "acc-\u00e9\u20ac\uD83D\uDE00").getBytes(StandardCharsets.UTF_8);

        assertThat(RequestParser.parse(body).account().id()).isEqualTo("acc-\u00e9\u20ac\uD83D\uDE00");
    }

    /** A blank body bound to nothing and was answered "0 fields are invalid; see errors" with no error. */
    @ParameterizedTest
    @ValueSource(strings = {"   ", " \r\n\t", "\uFEFF  "})
    void aBodyOfOnlyWhitespaceIsEmpty(String body) {
        FieldError empty = new FieldError("$", "the request body is empty");

        assertThat(refused(body.getBytes(StandardCharsets.UTF_8)).errors()).containsExactly(empty);
        assertThat(catchThrowableOfType(InvalidRequestException.class,
                () -> RequestParser.tree(body.getBytes(StandardCharsets.UTF_8))).errors()).containsExactly(empty);
    }

    /** A second value after the request was answered "$ must be an object", of a body whose first value is one. */
    @ParameterizedTest
    @ValueSource(strings = {" {}", " 1", " []", " null"})
    void aValueAfterTheRequestIsNamedAsSuch(String after) throws Exception {
        byte[] body = (step1().strip() + after).getBytes(StandardCharsets.UTF_8);

        assertThat(refused(body).errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("$");
            assertThat(error.reason()).startsWith("malformed JSON at line ")
                    .contains("more JSON after the first value: a body is one JSON object");
        });
        assertThat(catchThrowableOfType(InvalidRequestException.class, () -> RequestParser.tree(body)).errors())
                .singleElement().satisfies(error -> assertThat(error.reason())
                        .contains("more JSON after the first value"));
    }
}
