package io.positionpolicy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** If-Match and If-None-Match on a file save, as RFC 9110 reads them, with the file's sha256 as its entity tag. */
class SavePreconditionTest {
    private static final String A = RuleFileEditor.sha256("rule a");
    private static final String B = RuleFileEditor.sha256("rule b");

    @Test
    void ifMatchHoldsWhenTheFileHoldsOneOfTheTagsListed() {
        assertThat(SavePrecondition.ifMatch("\"" + A + "\"").holds(A)).isTrue();
        assertThat(SavePrecondition.ifMatch("\"" + A + "\"").holds(B)).isFalse();
        assertThat(SavePrecondition.ifMatch("\"" + B + "\", \"" + A + "\"").holds(A)).isTrue();
        assertThat(SavePrecondition.ifMatch("\"" + B + "\",\"" + A + "\"").holds(A)).isTrue();
        assertThat(SavePrecondition.ifMatch("\"" + B + "\"").holds(null)).isFalse();
        assertThat(SavePrecondition.ifMatch(A).holds(A)).as("a bare sha256").isTrue();
    }

    @Test
    void aWeakTagNeverMatchesForIfMatch() {
        assertThat(SavePrecondition.ifMatch("W/\"" + A + "\"").holds(A)).isFalse();
        assertThat(SavePrecondition.ifMatch("W/\"" + A + "\", \"" + A + "\"").holds(A)).isTrue();
    }

    @Test
    void aStarMeansTheFileExistsAndAnEmptyTagThatItDoesNot() {
        assertThat(SavePrecondition.ifMatch("*").holds(A)).isTrue();
        assertThat(SavePrecondition.ifMatch("*").holds(null)).isFalse();
        assertThat(SavePrecondition.ifMatch("\"\"").holds(null)).isTrue();
        assertThat(SavePrecondition.ifMatch("\"\"").holds(A)).isFalse();
    }

    @Test
    void ifNoneMatchStarHoldsOnlyForANewFileAndTagsForAnyOtherText() {
        assertThat(new SavePrecondition(null, "*").holds(null)).isTrue();
        assertThat(new SavePrecondition(null, "*").holds(A)).isFalse();
        assertThat(new SavePrecondition(null, "\"" + A + "\"").holds(B)).isTrue();
        assertThat(new SavePrecondition(null, "W/\"" + A + "\"").holds(A)).as("weak comparison").isFalse();
        assertThat(new SavePrecondition(null, "\"" + A + "\"").holds(null)).isTrue();
        assertThat(new SavePrecondition("\"" + A + "\"", "\"" + A + "\"").holds(A)).as("both must hold").isFalse();
    }

    @Test
    void blankHeadersSayNothing() {
        assertThat(new SavePrecondition(null, null).given()).isFalse();
        assertThat(new SavePrecondition("", " ").given()).isFalse();
        assertThat(SavePrecondition.ifMatch("\"\"").given()).isTrue();
        assertThat(new SavePrecondition(null, "*").given()).isTrue();
    }
}
