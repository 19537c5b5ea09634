package io.positionpolicy.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads a rules directory: the DRL files of the tree, by relative path, and the content hash that versions them. */
public final class RuleSources {
    private RuleSources() {
    }

    /**
     * Every {@code *.drl} and decision table ({@code *.drl.csv}, {@code *.drl.xlsx} as Base64: {@link DecisionTables#read})
     * under {@code dir} (nested folders too; hidden and editor backup files skipped), sorted.
     */
    public static SortedMap<String, String> readDrl(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RuleCompilationException("Rules directory not found",
                    List.of(new RuleProblem(dir.toAbsolutePath().toString(), 0, "not a directory")));
        }
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).filter(RuleSources::isRuleFile).toList()) {
                String relative = dir.relativize(file).toString().replace('\\', '/');
                files.put(relative, DecisionTables.read(file, relative));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules directory " + dir, e);
        }
        return files;
    }

    /** The scenario files: {@code tests/*.yaml} (and .yml) under {@code dir}, by relative path. */
    public static SortedMap<String, String> readScenarios(Path dir) {
        Path tests = dir.resolve("tests");
        SortedMap<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(tests)) {
            return files;
        }
        try (Stream<Path> list = Files.list(tests)) {
            for (Path file : list.filter(Files::isRegularFile).filter(RuleSources::isScenarioFile).toList()) {
                files.put("tests/" + file.getFileName(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenarios in " + tests, e);
        }
        return files;
    }

    public static boolean isScenarioFile(Path file) {
        String name = file.getFileName().toString();
        return (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.startsWith(".");
    }

    /** {@code sha256:<hex>} over each file's path and text, in path order. */
    public static String version(SortedMap<String, String> files) {
        MessageDigest digest = sha256();
        files.forEach((path, text) -> {
            digest.update(path.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        });
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    private static boolean isRuleFile(Path file) {
        String name = file.getFileName().toString();
        return (name.endsWith(".drl") || DecisionTables.isTable(name)) && !name.startsWith(".");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
