package io.positionpolicy.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** A scratch copy of the shipped rules directory that tests edit the way people and editors do. */
final class RulesTree {
    final Path root;

    private RulesTree(Path root) {
        this.root = root;
    }

    /** A copy of rules/*.drl; with {@code scenarios}, also rules/tests. */
    static RulesTree copy(Path into, boolean scenarios) throws IOException {
        for (Map.Entry<String, String> file : RuleSources.readDrl(StandardRuleSet.RULES).entrySet()) {
            write(into.resolve(file.getKey()), file.getValue());
        }
        if (scenarios) {
            for (Map.Entry<String, String> file : RuleSources.readScenarios(StandardRuleSet.RULES).entrySet()) {
                write(into.resolve(file.getKey()), file.getValue());
            }
        }
        return new RulesTree(into);
    }

    String read(String path) {
        try {
            return Files.readString(root.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes in place. */
    void write(String path, String text) {
        write(root.resolve(path), text);
    }

    /** Writes a temp file next to the target and renames it over, as many editors save. */
    void save(String path, String text) {
        try {
            Path target = root.resolve(path);
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling("." + target.getFileName() + ".swp");
            Files.writeString(temp, text);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(String path) {
        try {
            Files.deleteIfExists(root.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void rename(String from, String to) {
        try {
            Files.createDirectories(root.resolve(to).getParent());
            Files.move(root.resolve(from), root.resolve(to), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String version() {
        return RuleSources.version(RuleSources.readDrl(root));
    }

    /** The Parameters.drl text with the STANDARD risk share set to {@code riskPct}. */
    static String parametersWithRisk(String parameters, String riskPct) {
        return parameters.replaceFirst("\\.riskPct\\([0-9.]+\\)( +)// the 1 %", ".riskPct(" + riskPct + ")$1// the 1 %");
    }

    private static void write(Path target, String text) {
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
