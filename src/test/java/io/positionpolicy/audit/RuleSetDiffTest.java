package io.positionpolicy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RuleSetDiffTest {

    @Test
    void diffsEachChangedFileAndNamesAddedAndRemovedOnes() {
        SortedMap<String, String> a = new TreeMap<>();
        a.put("parameters/Parameters.drl", "rule\n  .riskPct(0.01)\n  .maxAdds(3)\nend\n");
        a.put("entry/Old.drl", "old\n");
        a.put("same.drl", "same\n");
        SortedMap<String, String> b = new TreeMap<>();
        b.put("parameters/Parameters.drl", "rule\n  .riskPct(0.0075)\n  .maxAdds(3)\nend\n");
        b.put("entry/New.drl", "new\n");
        b.put("same.drl", "same\n");

        RuleSetDiff.Result diff = RuleSetDiff.between("sha256:a", a, "sha256:b", b);

        assertThat(diff.files()).extracting(RuleSetDiff.FileDiff::path, RuleSetDiff.FileDiff::change)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("entry/New.drl", "added"),
                        org.assertj.core.groups.Tuple.tuple("entry/Old.drl", "removed"),
                        org.assertj.core.groups.Tuple.tuple("parameters/Parameters.drl", "modified"));
        assertThat(diff.files().get(2).diff()).contains("--- a/parameters/Parameters.drl")
                .contains("+++ b/parameters/Parameters.drl").contains("-  .riskPct(0.01)")
                .contains("+  .riskPct(0.0075)").contains("@@ -1,4 +1,4 @@");
    }
}
