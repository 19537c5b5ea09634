package io.positionpolicy.rules;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Decision tables kept as Excel workbooks ({@code *.drl.xlsx}), read and written with Apache POI (which comes with
 * drools-decisiontables): the table's sheet as rows of cell texts, as CSV (for diffs and the console's grid), and a
 * workbook with that sheet's cells replaced (the console saves a grid that way; other sheets and formatting stay).
 */
public final class Workbooks {
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,15}(\\.\\d{1,15})?");

    private Workbooks() {
    }

    /** The sheet holding the decision table and its rows, each as the texts its cells show. */
    public record TableSheet(String name, List<List<String>> rows) {
    }

    public static TableSheet read(byte[] workbook) {
        try (XSSFWorkbook book = open(workbook)) {
            Sheet sheet = tableSheet(book);
            DataFormatter format = new DataFormatter(Locale.ROOT);
            List<List<String>> rows = new ArrayList<>();
            for (int r = 0; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                List<String> cells = new ArrayList<>();
                for (int c = 0; row != null && c < row.getLastCellNum(); c++) {
                    Cell cell = row.getCell(c);
                    cells.add(cell == null ? "" : format.formatCellValue(cell));
                }
                rows.add(cells);
            }
            return new TableSheet(sheet.getSheetName(), rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The table's sheet as CSV, one line per sheet row (so a CSV line number is the sheet's row number); a line
     * break inside a cell is shown as a space.
     */
    public static String csv(byte[] workbook) {
        StringBuilder out = new StringBuilder();
        for (List<String> row : read(workbook).rows()) {
            List<String> cells = row.stream().map(Workbooks::csvCell).toList();
            out.append(String.join(",", cells)).append('\n');
        }
        return out.toString();
    }

    /**
     * {@code workbook} with its table sheet holding exactly the cells of {@code csv} (numbers as numbers, the rest as
     * text; rows and cells the CSV no longer has are removed); a new workbook with one sheet {@code sheetName} when
     * {@code workbook} is null.
     */
    public static byte[] withCells(byte[] workbook, String sheetName, String csv) {
        try (XSSFWorkbook book = workbook == null ? new XSSFWorkbook() : open(workbook)) {
            Sheet sheet = workbook == null ? book.createSheet(sheetName) : tableSheet(book);
            List<List<String>> rows = DecisionTables.rows(csv.endsWith("\n") ? csv.substring(0, csv.length() - 1) : csv);
            for (int r = sheet.getLastRowNum(); r >= rows.size(); r--) {
                Row extra = sheet.getRow(r);
                if (extra != null) {
                    sheet.removeRow(extra);
                }
            }
            for (int r = 0; r < rows.size(); r++) {
                List<String> cells = rows.get(r);
                Row row = sheet.getRow(r) != null ? sheet.getRow(r) : sheet.createRow(r);
                for (int c = row.getLastCellNum() - 1; c >= cells.size(); c--) {
                    Cell extra = row.getCell(c);
                    if (extra != null) {
                        row.removeCell(extra);
                    }
                }
                for (int c = 0; c < cells.size(); c++) {
                    set(row, c, cells.get(c));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void set(Row row, int column, String value) {
        Cell cell = row.getCell(column);
        if (value.isEmpty()) {
            if (cell != null) {
                row.removeCell(cell);
            }
            return;
        }
        if (cell == null) {
            cell = row.createCell(column);
        }
        // A number stays a number (Drools reads both), unless the cell held text: "1000PEPEUSDT" style keys stay text.
        boolean numeric = NUMBER.matcher(value).matches() && cell.getCellType() != CellType.STRING;
        if (numeric) {
            cell.setCellValue(Double.parseDouble(value));
        } else {
            cell.setCellValue(value);
        }
    }

    /** The first sheet with a RuleTable cell in its first column (where Drools looks), else the first sheet. */
    private static Sheet tableSheet(XSSFWorkbook book) {
        for (Sheet sheet : book) {
            for (Row row : sheet) {
                Cell first = row.getCell(row.getFirstCellNum() < 0 ? 0 : row.getFirstCellNum());
                if (first != null && first.getCellType() == CellType.STRING
                        && first.getStringCellValue().strip().toLowerCase(Locale.ROOT).startsWith("ruletable")) {
                    return sheet;
                }
            }
        }
        if (book.getNumberOfSheets() == 0) {
            throw new IllegalArgumentException("the workbook has no sheets");
        }
        return book.getSheetAt(0);
    }

    private static XSSFWorkbook open(byte[] workbook) throws IOException {
        return new XSSFWorkbook(new ByteArrayInputStream(workbook));
    }

    private static String csvCell(String text) {
        String cell = text.replace('\r', ' ').replace('\n', ' ');
        boolean quote = cell.contains(",") || cell.contains("\"") || !cell.equals(cell.strip());
        return quote ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
