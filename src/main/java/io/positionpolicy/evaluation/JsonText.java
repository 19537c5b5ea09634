package io.positionpolicy.evaluation;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The text of a JSON body. JSON on the wire is UTF-8 (RFC 8259 §8.1); Jackson would also read UTF-16 and UTF-32 and
 * skip a byte order mark, and the service would then keep text for the audit trail that no longer reads as JSON. So
 * the body is decoded here, once, before parsing: a leading UTF-8 byte order mark is dropped (RFC 8259 lets a parser
 * ignore it), anything that is not UTF-8 is refused, and the text parsed is the text stored.
 */
final class JsonText {
    static final String EMPTY = "the request body is empty";
    static final String NOT_UTF8 = "must be UTF-8 encoded JSON (RFC 8259)";

    private JsonText() {
    }

    /** The body as text, without a leading byte order mark; an empty, blank or non-UTF-8 body is refused at {@code $}. */
    static String of(byte[] body) {
        if (body == null || body.length == 0) {
            throw refused(EMPTY);
        }
        if (utf16Or32(body)) {
            throw refused(NOT_UTF8 + ": this body is UTF-16 or UTF-32");
        }
        int start = body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF
                ? 3 : 0;
        ByteBuffer bytes = ByteBuffer.wrap(body, start, body.length - start);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = utf8.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw refused(NOT_UTF8 + ": the bytes at offset " + bytes.position() + " are not UTF-8");
        }
        if (blank(text)) {
            throw refused(EMPTY);
        }
        return text;
    }

    /**
     * A JSON text begins with two ASCII characters, so UTF-16 and UTF-32 put a zero byte among its first four bytes
     * (RFC 4627 §3); their byte order marks start with FE FF or FF FE. UTF-8 JSON has neither.
     */
    private static boolean utf16Or32(byte[] body) {
        if (body.length >= 2 && (body[0] == (byte) 0xFE && body[1] == (byte) 0xFF
                || body[0] == (byte) 0xFF && body[1] == (byte) 0xFE)) {
            return true;
        }
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Only JSON's own whitespace (RFC 8259 §2). Jackson reads it as no document at all: no error to report, and a
     * request bound from it had no field to name.
     */
    private static boolean blank(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static InvalidRequestException refused(String reason) {
        return new InvalidRequestException(List.of(new FieldError("$", reason)));
    }
}
