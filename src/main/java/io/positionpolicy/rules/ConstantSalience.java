package io.positionpolicy.rules;

import io.positionpolicy.model.facts.Phase;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code salience (Phase.X.salience())} written as the number it always is, before Drools compiles the text: Drools
 * evaluates a salience expression (through MVEL) every time the rule matches, a number never. Only in a file that
 * imports the policy's {@link Phase}; the number is padded with spaces to the expression's length, so every line and
 * column of the file stays where it was for the compiler's messages.
 */
final class ConstantSalience {
    private static final Pattern PHASE_SALIENCE = Pattern.compile(
            "salience\\s*\\(\\s*Phase\\.([A-Z_]+)\\.salience\\(\\s*\\)\\s*\\)");
    private static final Pattern IMPORTS_PHASE = Pattern.compile(
            "(?m)^\\s*import\\s+io\\.positionpolicy\\.model\\.facts\\.(Phase|\\*)\\s*;?\\s*$");

    private ConstantSalience() {
    }

    static String inline(String drl) {
        if (!IMPORTS_PHASE.matcher(drl).find()) {
            return drl;
        }
        Matcher m = PHASE_SALIENCE.matcher(drl);
        StringBuilder out = new StringBuilder(drl.length());
        while (m.find()) {
            String number = phase(m.group(1));
            String replacement = number == null ? m.group() : padded("salience " + number, m.group().length());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The phase's salience, or null for a name that is not a phase (the compiler then reports it as written). */
    private static String phase(String name) {
        try {
            return Integer.toString(Phase.valueOf(name).salience());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String padded(String text, int length) {
        return text.length() >= length ? text : text + " ".repeat(length - text.length());
    }
}
