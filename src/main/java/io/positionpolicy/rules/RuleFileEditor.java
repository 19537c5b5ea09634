package io.positionpolicy.rules;

import io.positionpolicy.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The files of the rules directory as they are on disk, and saving one: the edit is validated first (compile, safety,
 * scenarios), written atomically, and then loaded by the same reload an edit on disk triggers. A save that would not
 * load writes nothing, so the directory never holds a rule set the service would refuse after a restart. Saves are
 * taken one at a time, so two editors cannot both pass their If-Match check against the same file.
 */
@ApplicationScoped
public class RuleFileEditor {
    private final ReentrantLock saving = new ReentrantLock();
    private final RuleSetHolder holder;
    private final RuleSetReloader reloader;

    private final boolean governed;

    public RuleFileEditor(RuleSetHolder holder, RuleSetReloader reloader, io.positionpolicy.config.PolicyConfig config) {
        this.holder = holder;
        this.reloader = reloader;
        this.governed = config.governance().requiredApprovals() > 0;
    }

    /** Thrown when approvals are required: a file is then changed through a change set, never saved alone. */
    public static final class Governed extends RuntimeException {
        public Governed() {
            super("Rule changes need approval (policy.governance.required-approvals > 0): edit the files in a change "
                    + "set (POST /api/v1/changes) and propose it");
        }
    }

    /** Whether changes must go through change sets. */
    public boolean governed() {
        return governed;
    }

    /**
     * One file of the directory; {@code sha256} is the value to send as {@code If-Match} when saving it. A workbook's
     * {@code text} is the Base64 of its bytes and {@code csv} its table sheet (null for other files).
     */
    public record RuleFile(String path, String kind, String sha256, String text, String csv) {
        static RuleFile of(String path, String kind, String text) {
            return new RuleFile(path, kind, RuleFileEditor.sha256(text), text,
                    DecisionTables.isWorkbook(path) ? DecisionTables.rendering(path, text) : null);
        }
    }

    /** The directory: its version (as it would be if loaded), the active version, and every file. */
    public record Directory(String version, String activeVersion, boolean live, List<RuleFile> files) {
    }

    /** The outcome of a save: whether the file was written, its hash, and the validation or reload report. */
    public record Saved(String path, boolean written, String sha256, ReloadReport report) {
        public boolean ok() {
            return report.ok();
        }
    }

    /**
     * Thrown when a save does not say which version of the file it replaces: without that it would overwrite whatever
     * is there, and of two people editing the same file one would lose their edit without knowing.
     */
    public static final class PreconditionRequired extends RuntimeException {
        public PreconditionRequired(String path) {
            super("A save of " + path + " must say which version of the file it replaces, so that it cannot "
                    + "overwrite an edit made since it was read; nothing was written");
        }
    }

    /** Thrown when the save's precondition no longer holds for the file on disk: someone else saved it, or it was edited there. */
    public static final class EditConflict extends RuntimeException {
        public EditConflict(String path) {
            super("The file " + path + " changed since it was read (someone else saved it or it was edited on "
                    + "disk); reload it and apply your change again");
        }

        EditConflict(String path, String why) {
            super("The rules changed while " + path + " was being saved (" + why + "); nothing was saved: reload "
                    + "and apply your change again");
        }
    }

    public Path directory() {
        return reloader.directory();
    }

    public RuleFilesSource source() {
        return reloader.source();
    }

    public Directory files() {
        RuleFilesSource.RuleFiles current = reloader.source().read();
        SortedMap<String, String> drl = current.drl();
        SortedMap<String, String> scenarios = current.scenarios();
        List<RuleFile> files = new ArrayList<>();
        drl.forEach((path, text) -> files.add(RuleFile.of(path, "rules", text)));
        scenarios.forEach((path, text) -> files.add(RuleFile.of(path, "scenario", text)));
        String version = drl.isEmpty() ? null : RuleSources.version(drl);
        String active = holder.current().map(RuleSet::version).orElse(null);
        return new Directory(version, active, version != null && version.equals(active), files);
    }

    /**
     * Saves {@code text} as {@code path}, given the directory as it would be with the edit ({@code drl},
     * {@code scenarios}); {@code precondition} says which file it replaces (the sha256 the editor read, any, or none)
     * and is required.
     */
    public Saved save(String path, SavePrecondition precondition, String text, SortedMap<String, String> drl,
            SortedMap<String, String> scenarios, String principal) {
        if (governed) {
            throw new Governed();
        }
        if (!precondition.given()) {
            throw new PreconditionRequired(path);
        }
        saving.lock();
        try {
            if (reloader.directory() == null) {
                return saveShared(path, precondition, text, drl, scenarios, principal);
            }
            Path file = reloader.directory().resolve(path).normalize();
            String current = Files.isRegularFile(file) ? DecisionTables.read(file, path) : null;
            if (!precondition.holds(current == null ? null : sha256(current))) {
                throw new EditConflict(path);
            }
            ReloadReport validation = reloader.checkSave(path, drl, scenarios, principal);
            if (!validation.ok()) {
                return new Saved(path, false, current == null ? null : sha256(current), validation);
            }
            return new Saved(path, true, sha256(text), reloader.exclusively(() -> {
                try {
                    AtomicFiles.replace(file, DecisionTables.bytes(path, text), false); // hidden temp file, rename
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot save " + path, e);
                }
                return reloader.reload("save", principal);
            }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        } finally {
            saving.unlock();
        }
    }

    /**
     * The rules live in a shared store (a cluster's database): the edit is validated, published there as the new
     * active version for every replica, and then loaded here as every replica loads it.
     */
    private Saved saveShared(String path, SavePrecondition precondition, String text, SortedMap<String, String> drl,
            SortedMap<String, String> scenarios, String principal) {
        RuleFilesSource.RuleFiles current = reloader.source().read();
        String currentText = current.drl().containsKey(path) ? current.drl().get(path) : current.scenarios().get(path);
        if (!precondition.holds(currentText == null ? null : sha256(currentText))) {
            throw new EditConflict(path);
        }
        if (!sameBesides(path, drl, current.drl()) || !sameBesides(path, scenarios, current.scenarios())) {
            // the tree was read before this save's turn came, and another file changed since
            throw new EditConflict(path, "another file changed since the rules were read");
        }
        ReloadReport validation = reloader.validate(drl, scenarios, principal);
        if (!validation.ok()) {
            return new Saved(path, false, currentText == null ? null : sha256(currentText), validation);
        }
        try { // the store publishes only while the version this edit was made on is still the active one
            return new Saved(path, true, sha256(text), reloader.publishAndReload(
                    new RuleFilesSource.RuleFiles(drl, scenarios), current.version(), "save", principal));
        } catch (RuleSetMovedException e) {
            throw new EditConflict(path, "another version went live: " + e.actual());
        }
    }

    /** Whether {@code edited} and {@code current} hold the same files with the same text, {@code path} aside. */
    private static boolean sameBesides(String path, SortedMap<String, String> edited,
            SortedMap<String, String> current) {
        SortedMap<String, String> a = new TreeMap<>(edited);
        SortedMap<String, String> b = new TreeMap<>(current);
        a.remove(path);
        b.remove(path);
        return a.equals(b);
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
