package io.positionpolicy.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * What a save says about the file it replaces, as HTTP's conditional headers say it (RFC 9110, 13.1.1 and 13.1.2): a
 * file's entity tag is its sha256.
 *
 * <ul>
 * <li>{@code If-Match: "<sha256>"}, or a list of them: the file holds one of those texts. Weak tags ({@code W/"…"})
 * never match, as the RFC's strong comparison requires; a bare sha256 without quotes is taken as if quoted.</li>
 * <li>{@code If-Match: *}: the file exists, whatever it holds.</li>
 * <li>{@code If-None-Match: *}: the file does not exist yet (a new file). {@code If-Match: ""} says the same, as this
 * service has always taken it.</li>
 * <li>{@code If-None-Match: "<sha256>", …}: the file holds none of those texts.</li>
 * </ul>
 *
 * Both headers may be sent; both must then hold. A save with neither (or with both blank) says nothing, and is
 * refused before anything is read.
 *
 * <p>Written by hand rather than with JAX-RS's {@code Request.evaluatePreconditions}: the check must run under the
 * editor's lock against the file as it is then, and for a file that does not exist JAX-RS looks at If-Match only.
 */
public record SavePrecondition(String ifMatch, String ifNoneMatch) {

    public static SavePrecondition ifMatch(String ifMatch) {
        return new SavePrecondition(ifMatch, null);
    }

    /** Whether the save said anything about the file it replaces. */
    public boolean given() {
        return !blank(ifMatch) || !blank(ifNoneMatch);
    }

    /** Whether the file, holding text with this sha256 (null when it does not exist), is the one the save expects. */
    public boolean holds(String currentSha256) {
        return (blank(ifMatch) || matches(currentSha256)) && (blank(ifNoneMatch) || noneMatches(currentSha256));
    }

    private boolean matches(String current) {
        if (ifMatch.strip().equals("*")) {
            return current != null;
        }
        if (ifMatch.strip().equals("\"\"")) {
            return current == null;
        }
        return current != null && tags(ifMatch).stream().anyMatch(tag -> !tag.weak() && tag.value().equals(current));
    }

    private boolean noneMatches(String current) {
        if (ifNoneMatch.strip().equals("*")) {
            return current == null;
        }
        return current == null || tags(ifNoneMatch).stream().noneMatch(tag -> tag.value().equals(current));
    }

    private static boolean blank(String header) {
        return header == null || header.isBlank();
    }

    private record Tag(boolean weak, String value) {
    }

    /** The entity tags of a header's list, each {@code "…"} or {@code W/"…"}; an element without quotes as is. */
    private static List<Tag> tags(String header) {
        List<Tag> tags = new ArrayList<>();
        int i = 0;
        int n = header.length();
        while (i < n) {
            while (i < n && (header.charAt(i) == ',' || Character.isWhitespace(header.charAt(i)))) {
                i++;
            }
            if (i == n) {
                break;
            }
            boolean weak = header.startsWith("W/", i);
            if (weak) {
                i += 2;
            }
            int end;
            String value;
            if (i < n && header.charAt(i) == '"') {
                end = header.indexOf('"', i + 1);
                end = end < 0 ? n : end;
                value = header.substring(i + 1, end);
                end = Math.min(end + 1, n);
            } else {
                end = header.indexOf(',', i);
                end = end < 0 ? n : end;
                value = header.substring(i, end).strip();
            }
            tags.add(new Tag(weak, value));
            i = end;
        }
        return tags;
    }
}
