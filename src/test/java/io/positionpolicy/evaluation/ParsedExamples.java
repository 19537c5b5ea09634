package io.positionpolicy.evaluation;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The worked example's requests as text, and what the parser answers an edited one, for the parser's tests. */
final class ParsedExamples {
    private ParsedExamples() {
    }

    /** {@code examples/worked-example-<step>.json}, such as {@code step1} or {@code step3b}. */
    static String example(String step) throws IOException {
        return Files.readString(Path.of("examples/worked-example-" + step + ".json"));
    }

    /** The refusal of {@code json}, or null when the parser took it. */
    static InvalidRequestException refused(String json) {
        return catchThrowableOfType(InvalidRequestException.class,
                () -> RequestParser.parse(json.getBytes(StandardCharsets.UTF_8)));
    }
}
