package io.positionpolicy.governance;

import io.positionpolicy.rules.DecisionTables;
import io.positionpolicy.rules.RuleFileEditor;
import io.positionpolicy.rules.RuleSources;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A change set's files against the live tree: the tree it would make live, and what each of its files replaces — the
 * SHA-256 of the live text (or {@link #ABSENT}) when the file entered the change set, refreshed by a rebase. A change
 * set holds whole files, so once the live text of one of its files is no longer what it replaced, going live would
 * undo a change that nobody approved undoing. The base version covers rule files only; this covers every file,
 * scenario files included. Files stored before this was kept (no entry) fall back to the base version and the
 * rule-set archive, as before.
 */
final class ChangeSetFiles {
    /** What a file replaces that did not exist when it entered the change set. */
    static final String ABSENT = "absent";

    /** The files of a version that was live (the rule-set archive), empty when it is not known. */
    private final Function<String, Optional<SortedMap<String, String>>> archived;

    ChangeSetFiles(Function<String, Optional<SortedMap<String, String>>> archived) {
        this.archived = archived;
    }

    /** How a text is remembered: {@code sha256:} and its hex digest, or {@link #ABSENT} for no file. */
    static String of(String text) {
        return text == null ? ABSENT : "sha256:" + RuleFileEditor.sha256(text);
    }

    /** What each of {@code paths} replaces in {@code live} now (a new change set, or a rebase). */
    static SortedMap<String, String> current(Collection<String> paths, SortedMap<String, String> live) {
        SortedMap<String, String> replaces = new TreeMap<>();
        paths.forEach(path -> replaces.put(path, of(live.get(path))));
        return replaces;
    }

    /**
     * What the files of {@code set} replace after an edit of {@code paths}: a file already in the change set keeps
     * what it replaced (its author edits their own text, and another change to the live file still has to be taken in
     * by a rebase); a file entering it replaces the live text of now.
     */
    static SortedMap<String, String> entering(ChangeSet set, Collection<String> paths, SortedMap<String, String> live) {
        SortedMap<String, String> replaces = new TreeMap<>(set.replaces());
        paths.stream().filter(path -> !set.files().containsKey(path))
                .forEach(path -> replaces.put(path, of(live.get(path))));
        return replaces;
    }

    /** The files of {@code set} whose live text is no longer the text they replaced (files with no entry: none). */
    static List<String> stale(ChangeSet set, SortedMap<String, String> live) {
        return set.replaces().entrySet().stream().filter(e -> set.files().containsKey(e.getKey()))
                .filter(e -> !e.getValue().equals(of(live.get(e.getKey())))).map(SortedMap.Entry::getKey).toList();
    }

    /**
     * The files of the change set that another change made different from what they replace: by what each replaced
     * when that is known; otherwise (stored before it was kept) the rule files another version changed between the
     * base and the live tree, all of them when the base is not in the archive, since then nobody can tell.
     */
    List<String> changedSinceBase(ChangeSet set, SortedMap<String, String> live) {
        List<String> stale = stale(set, live);
        boolean sameRules = RuleSources.version(drlOf(live)).equals(set.baseVersion());
        SortedMap<String, String> base = sameRules ? null : archived.apply(set.baseVersion()).orElse(null);
        return set.files().keySet().stream().filter(path -> set.replaces().containsKey(path) ? stale.contains(path)
                : !sameRules && isRuleFile(path) && (base == null || !Objects.equals(base.get(path), live.get(path))))
                .toList();
    }

    /** The whole tree the change set would make live: {@code live} with its files laid over (null deletes). */
    static SortedMap<String, String> tree(SortedMap<String, String> live, ChangeSet set) {
        SortedMap<String, String> tree = new TreeMap<>(live);
        set.files().forEach((path, text) -> {
            if (text == null) {
                tree.remove(path);
            } else {
                tree.put(path, text);
            }
        });
        return tree;
    }

    /** The rule files of a tree (DRL and decision tables): what its version is taken over. */
    static SortedMap<String, String> drlOf(SortedMap<String, String> tree) {
        SortedMap<String, String> drl = new TreeMap<>();
        tree.forEach((path, text) -> {
            if (isRuleFile(path)) {
                drl.put(path, text);
            }
        });
        return drl;
    }

    static boolean isRuleFile(String path) {
        return path.endsWith(".drl") || DecisionTables.isTable(path);
    }
}
