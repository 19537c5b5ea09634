package io.positionpolicy.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.drools.decisiontable.parser.csv.CsvLineParser;

/**
 * Decision tables in the Drools spreadsheet format, kept as CSV text ({@code *.drl.csv}) so they are archived, diffed
 * and edited like DRL, or as Excel workbooks ({@code *.drl.xlsx}). Drools' own compiler turns a table into DRL;
 * everything that checks DRL (the safety check, the compiler) then runs on that DRL, and a problem it reports is traced
 * back to the sheet, row and column of the table.
 *
 * <p>A workbook travels through the rule-file maps (archive, store, change sets, scenarios' sandbox) as the Base64 of
 * its bytes, so everything that versions and hashes rule files handles it unchanged; {@link #bytes} and
 * {@link #read} convert at the edges (the rules directory), and {@link #rendering} shows it as CSV (diffs, the grid).
 */
public final class DecisionTables {
    public static final String SUFFIX = ".drl.csv";
    public static final String WORKBOOK_SUFFIX = ".drl.xlsx";
    /** How the Base64 of every .xlsx (a zip: "PK\3\4") begins. */
    private static final String ZIP_BASE64 = "UEsDB";
    private static final Pattern ROW_COMMENT = Pattern.compile("^// rule values at ([A-Z]+)(\\d+), header at ([A-Z]+)(\\d+)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]{1,200})\"");
    private static final Pattern CELL = Pattern.compile("\\b([A-Z]{1,3})(\\d{1,6})\\b");

    private DecisionTables() {
    }

    public static boolean isTable(String path) {
        return path.endsWith(SUFFIX) || isWorkbook(path);
    }

    public static boolean isWorkbook(String path) {
        return path.endsWith(WORKBOOK_SUFFIX);
    }

    /** A rule file's bytes on disk: a workbook's decoded, any other file's text as UTF-8. */
    public static byte[] bytes(String path, String text) {
        return isWorkbook(path) ? Base64.getMimeDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
    }

    /** A rule file's text as read from {@code file} (the inverse of {@link #bytes}); other files must be UTF-8. */
    public static String read(Path file, String path) throws IOException {
        return isWorkbook(path) ? text(path, Files.readAllBytes(file)) : Files.readString(file, StandardCharsets.UTF_8);
    }

    /** A rule file's text from its bytes (a zip entry, an upload): a workbook's as Base64, any other as UTF-8. */
    public static String text(String path, byte[] bytes) {
        return isWorkbook(path) ? Base64.getEncoder().encodeToString(bytes) : new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * A rule file as an editor sends it: a workbook either as its Base64 (kept) or as its table sheet's CSV (the
     * console's grid), whose cells are then written into {@code current} (a new workbook when there is none).
     */
    public static String fromEdit(String path, String text, String current) {
        if (!isWorkbook(path) || text.strip().startsWith(ZIP_BASE64)) {
            return text;
        }
        byte[] base = current == null ? null : bytes(path, current);
        return Base64.getEncoder().encodeToString(Workbooks.withCells(base, sheet(path), text));
    }

    /** What people read of a rule file: a workbook's table sheet as CSV (one line per sheet row), else the text. */
    public static String rendering(String path, String text) {
        if (!isWorkbook(path)) {
            return text;
        }
        try {
            return Workbooks.csv(bytes(path, text));
        } catch (RuntimeException e) {
            return "(not a readable .xlsx workbook: " + e.getMessage() + ")\n";
        }
    }

    /** The sheet's name: a CSV table's file name without folder and suffix ({@code controls/InstrumentLimits.drl.csv} → InstrumentLimits). */
    public static String sheet(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.substring(0, name.length() - (isWorkbook(path) ? WORKBOOK_SUFFIX : SUFFIX).length());
    }

    /** The DRL Drools generates from a table; a table it cannot read throws with the sheet and, where known, the cell. */
    public static String toDrl(String path, String text) {
        String sheet = sheet(path);
        try {
            byte[] content = bytes(path, text);
            if (isWorkbook(path)) {
                sheet = Workbooks.read(content).name();
            }
            // Drools' XLS input reads both Excel formats (through POI's WorkbookFactory): .xlsx included.
            String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(content),
                    isWorkbook(path) ? InputType.XLS : InputType.CSV);
            if (!drl.contains("rule \"")) {
                throw new RuleCompilationException("Decision table has no rules", List.of(
                        new RuleProblem(path, 0, "sheet " + sheet + ": no rule rows (a RuleTable needs its "
                                + "column-type, object, code and label rows, then one row per rule)")));
            }
            return drl;
        } catch (RuleCompilationException e) {
            throw e;
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
            Matcher cell = CELL.matcher(message);
            int row = cell.find() ? Integer.parseInt(cell.group(2)) : 0;
            String where = row > 0 ? ", row " + row + ", column " + cell.group(1) : "";
            throw new RuleCompilationException("Decision table does not compile",
                    List.of(new RuleProblem(path, row, "sheet " + sheet + where + ": " + message)));
        }
    }

    /**
     * A problem found in the generated DRL, told in the table's terms: the line becomes the table's row (the CSV line)
     * and the message names the sheet, the row and the column (with its label) the offending code came from.
     */
    public static RuleProblem locate(String path, String text, String drl, RuleProblem problem) {
        String[] drlLines = drl.split("\n", -1);
        int drlLine = problem.line();
        int row = 0;
        for (int i = Math.min(drlLine, drlLines.length) - 1; i >= 0 && row == 0; i--) {
            Matcher m = ROW_COMMENT.matcher(drlLines[i].strip());
            if (m.find()) {
                row = Integer.parseInt(m.group(2));
            }
        }
        Workbooks.TableSheet sheet = isWorkbook(path) ? Workbooks.read(bytes(path, text))
                : new Workbooks.TableSheet(sheet(path), rows(text));
        List<List<String>> table = sheet.rows();
        String lineText = drlLine >= 1 && drlLine <= drlLines.length ? drlLines[drlLine - 1] : "";
        String column = row > 0 ? column(table, row, lineText, problem.message()) : null;
        String where = "sheet " + sheet.name() + (row > 0 ? ", row " + row : "") + (column != null ? ", column " + column : "");
        return new RuleProblem(problem.kind(), path, row, where + ": " + problem.message());
    }

    /** The column of {@code row} whose code, filled in, is on the failing line; else whose value the message quotes. */
    private static String column(List<List<String>> table, int row, String drlLine, String message) {
        if (row > table.size()) {
            return null;
        }
        int header = headerRow(table);
        List<String> cells = table.get(row - 1);
        List<Integer> candidates = new ArrayList<>();
        for (int c = 0; c < cells.size(); c++) {
            String type = header < 0 ? "" : cell(table, header, c).toUpperCase(Locale.ROOT);
            if (!cells.get(c).isBlank() && (type.startsWith("CONDITION") || type.startsWith("ACTION"))) {
                candidates.add(c);
            }
        }
        for (int c : candidates) {
            String code = header < 0 ? "" : cell(table, header + 2, c);
            String filled = code.replace("$param", cells.get(c).strip()).strip();
            if (!filled.isEmpty() && !drlLine.isBlank() && drlLine.strip().contains(filled)) {
                return name(table, header, c);
            }
        }
        List<Integer> byLength = candidates.stream()
                .sorted(Comparator.comparingInt((Integer c) -> -cells.get(c).strip().length())).toList();
        for (int c : byLength) {
            if (message.contains(cells.get(c).strip())) {
                return name(table, header, c);
            }
        }
        Matcher quoted = QUOTED.matcher(message); // javac quotes the token at fault: "x5" of a cell 12x5
        while (quoted.find()) {
            String token = quoted.group(1).strip();
            for (int c : byLength) {
                if (!token.isEmpty() && cells.get(c).contains(token)) {
                    return name(table, header, c);
                }
            }
        }
        return null;
    }

    private static String name(List<List<String>> table, int header, int column) {
        String label = header < 0 ? "" : cell(table, header + 3, column).strip();
        return letters(column) + (label.isEmpty() ? "" : " (" + label + ")");
    }

    /** The row (0-based) holding CONDITION / ACTION column types: the one after the RuleTable cell. */
    private static int headerRow(List<List<String>> table) {
        for (int r = 0; r < table.size(); r++) {
            for (String cell : table.get(r)) {
                if (cell.strip().toLowerCase(Locale.ROOT).startsWith("ruletable")) {
                    return r + 1 < table.size() ? r + 1 : -1;
                }
            }
        }
        return -1;
    }

    private static String cell(List<List<String>> table, int row, int column) {
        if (row < 0 || row >= table.size() || column >= table.get(row).size()) {
            return "";
        }
        return table.get(row).get(column);
    }

    /** 0 → A, 25 → Z, 26 → AA: the column as a spreadsheet names it. */
    static String letters(int column) {
        StringBuilder name = new StringBuilder();
        for (int c = column + 1; c > 0; c = (c - 1) / 26) {
            name.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return name.toString();
    }

    /** The cells of each line of the CSV (a CSV line is a sheet row: no line breaks inside cells). */
    public static List<List<String>> rows(String csv) {
        CsvLineParser parser = new CsvLineParser();
        List<List<String>> rows = new ArrayList<>();
        for (String line : csv.split("\r?\n", -1)) {
            rows.add(parser.parse(line));
        }
        return rows;
    }
}
