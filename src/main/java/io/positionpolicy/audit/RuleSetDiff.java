package io.positionpolicy.audit;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import io.positionpolicy.rules.DecisionTables;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;

/** Per-file unified diffs between two archived rule sets. */
public final class RuleSetDiff {
    private static final int CONTEXT = 3;

    /** One file's change: {@code added}, {@code removed} or {@code modified}, with its unified diff. */
    public record FileDiff(String path, String change, String diff) {
    }

    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "RuleSetDiff")
    public record Result(String from, String to, List<FileDiff> files) {
    }

    private RuleSetDiff() {
    }

    public static Result between(String fromVersion, SortedMap<String, String> from, String toVersion,
            SortedMap<String, String> to) {
        List<FileDiff> files = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(from.keySet());
        paths.addAll(to.keySet());
        for (String path : paths) {
            if (from.containsKey(path) && from.get(path).equals(to.get(path))) {
                continue;
            }
            // A workbook is diffed as its table sheet's CSV: people read cells, not Base64.
            String before = from.containsKey(path) ? DecisionTables.rendering(path, from.get(path)) : null;
            String after = to.containsKey(path) ? DecisionTables.rendering(path, to.get(path)) : null;
            List<String> a = before == null ? List.of() : before.lines().toList();
            List<String> b = after == null ? List.of() : after.lines().toList();
            Patch<String> patch = DiffUtils.diff(a, b);
            List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(
                    before == null ? "/dev/null" : "a/" + path, after == null ? "/dev/null" : "b/" + path, a, patch,
                    CONTEXT);
            String change = before == null ? "added" : after == null ? "removed" : "modified";
            files.add(new FileDiff(path, change, String.join("\n", unified) + "\n"));
        }
        return new Result(fromVersion, toVersion, files);
    }
}
