package io.positionpolicy.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DRL's sugar in consequences and constraints rewritten as plain Java, so the JDK's parser can read it. */
final class DrlSugar {
    private static final Pattern BINDING = Pattern.compile("^\\s*\\$?[A-Za-z_][\\w$]*\\s*:(?!=)");
    private static final Pattern DRL_OPERATOR = Pattern.compile(
            "\\b(not\\s+)?(in|matches|contains|memberOf|soundslike|excludes|str)\\b(?=\\s*[\\[(\"$\\w])");
    private static final Pattern IN_LIST = Pattern.compile("\\b(not\\s+)?in\\s*\\(");
    private static final Pattern MODIFY = Pattern.compile("\\b(modify|update|retract|delete|insertLogical)\\s*\\(");

    private DrlSugar() {
    }

    /** DRL's consequence sugar (modify blocks) as plain Java statements. */
    static String statements(String code) {
        StringBuilder out = new StringBuilder();
        Matcher m = MODIFY.matcher(code);
        int at = 0;
        while (m.find(at)) {
            out.append(code, at, m.start());
            int close = matching(code, m.end() - 1, '(', ')');
            String target = code.substring(m.end(), close);
            out.append("__").append(m.group(1)).append("(").append(target).append(");");
            int next = close + 1;
            int brace = skipSpaces(code, next);
            if (m.group(1).equals("modify") && brace < code.length() && code.charAt(brace) == '{') {
                int end = matching(code, brace, '{', '}');
                out.append(" {").append(topLevelCommasToSemicolons(code.substring(brace + 1, end))).append(";}");
                next = end + 1;
            }
            at = next;
        }
        out.append(code.substring(at));
        return out.toString();
    }

    /** DRL constraints as Java expressions: bindings dropped, DRL-only operators turned into comparisons. */
    static String expression(String expression) {
        String plain = BINDING.matcher(expression).replaceFirst("");
        plain = IN_LIST.matcher(plain).replaceAll(" == __in(");
        return DRL_OPERATOR.matcher(plain).replaceAll(" == ");
    }

    private static String topLevelCommasToSemicolons(String body) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"' && (i == 0 || body.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '{' || c == '[')) {
                depth++;
            } else if (!quoted && (c == ')' || c == '}' || c == ']')) {
                depth--;
            }
            out.append(c == ',' && depth == 0 && !quoted ? ';' : c);
        }
        return out.toString();
    }

    private static int matching(String text, int open, char opening, char closing) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && text.charAt(i - 1) != '\\') {
                quoted = !quoted;
            } else if (!quoted && c == opening) {
                depth++;
            } else if (!quoted && c == closing && --depth == 0) {
                return i;
            }
        }
        return text.length() - 1;
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
