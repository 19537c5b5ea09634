package io.positionpolicy.model.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Decision-table symbol patterns match exactly as the equivalent regular expression would. */
class SymbolPatternTest {
    @Test
    void examples() {
        assertThat(Instrument.globMatches("BTCUSDT", "BTCUSDT")).isTrue();
        assertThat(Instrument.globMatches("*USDT", "ETHUSDT")).isTrue();
        assertThat(Instrument.globMatches("*USDT", "ETHUSDC")).isFalse();
        assertThat(Instrument.globMatches("BTC*", "BTCUSDT")).isTrue();
        assertThat(Instrument.globMatches("?TCUSDT", "BTCUSDT")).isTrue();
        assertThat(Instrument.globMatches("?TCUSDT", "TCUSDT")).isFalse();
        assertThat(Instrument.globMatches("*", "")).isTrue();
        assertThat(Instrument.globMatches("", "A")).isFalse();
        assertThat(Instrument.globMatches("A.C", "ABC")).isFalse();
    }

    @Test
    void agreesWithTheRegularExpressionOnRandomPatterns() {
        Random random = new Random(42);
        String alphabet = "AB*?.";
        for (int i = 0; i < 200_000; i++) {
            String pattern = randomString(random, alphabet, 6);
            String text = randomString(random, "AB.", 7);
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                regex.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
            }
            assertThat(Instrument.globMatches(pattern, text)).as("%s against %s", pattern, text)
                    .isEqualTo(text.matches(regex.toString()));
        }
    }

    private static String randomString(Random random, String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
