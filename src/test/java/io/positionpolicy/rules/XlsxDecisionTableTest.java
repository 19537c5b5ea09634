package io.positionpolicy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.positionpolicy.audit.RuleSetDiff;
import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.evaluation.scenario.ScenarioGate;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-instrument limits as an Excel workbook ({@code InstrumentLimits.drl.xlsx}, made here from the shipped CSV
 * table): compiled by Drools' own compiler from the XLSX, an edit of a cell goes live through the same reload, a broken
 * cell is refused with its sheet, row and column, a diff shows the workbook as CSV, and the console's way of saving
 * (the table sheet as CSV) writes the cells into the workbook.
 */
class XlsxDecisionTableTest {
    private static final String CSV = "controls/InstrumentLimits.drl.csv";
    private static final String XLSX = "controls/InstrumentLimits.drl.xlsx";
    private static final String DOGE_ORDER = DecisionTableTest.DOGE_ORDER;

    private final RuleSetHolder holder = new RuleSetHolder();

    @Test
    void aWorkbookCompilesAndAnEditOfACellGoesLive(@TempDir Path dir) throws Exception {
        RuleSetReloader reloader = reloaderOverWorkbook(dir);
        ReloadReport first = reloader.reload("startup", "system");
        assertThat(first.problems()).isEmpty();
        assertThat(first.outcome()).isEqualTo("activated");
        EvaluationRequest order = RequestParser.parse(DOGE_ORDER.getBytes());
        assertThat(decide(order).verdict()).isEqualTo(Verdict.APPROVE);
        String before = holder.current().orElseThrow().version();

        byte[] workbook = Files.readAllBytes(dir.resolve(XLSX));
        String cells = Workbooks.csv(workbook);
        assertThat(cells).contains("\nInstrument limits for BTCUSDT,BTCUSDT,yes,125,0.05,5000000,");
        Files.write(dir.resolve(XLSX), Workbooks.withCells(workbook, null, cells.replace(
                "Instrument limits for other USDT", "Instrument limits for DOGEUSDT,DOGEUSDT,yes,20,0.02\n"
                        + "Instrument limits for other USDT")));
        ReloadReport edited = reloader.reload("file-change", "watcher");

        assertThat(edited.outcome()).isEqualTo("activated");
        Decision after = decide(order);
        assertThat(after.violations()).extracting(Decision.Violation::code).containsExactly("PRICE_OUTSIDE_COLLAR");
        assertThat(after.firedRules()).extracting(Decision.FiredRule::file).contains(XLSX);

        RuleSetDiff.Result diff = RuleSetDiff.between(before, new TreeMap<>(Map.of(XLSX,
                        DecisionTables.read(workbookOf(cells, dir.resolve("old.xlsx")), XLSX))), edited.version(),
                new TreeMap<>(Map.of(XLSX, DecisionTables.read(dir.resolve(XLSX), XLSX))));
        assertThat(diff.files()).singleElement().satisfies(f -> assertThat(f.diff())
                .contains("+Instrument limits for DOGEUSDT,DOGEUSDT,yes,20,0.02").doesNotContain("UEsDB"));
    }

    @Test
    void aBrokenCellIsRefusedWithItsSheetRowAndColumn(@TempDir Path dir) throws Exception {
        RuleSetReloader reloader = reloaderOverWorkbook(dir);
        String good = reloader.reload("startup", "system").version();
        byte[] workbook = Files.readAllBytes(dir.resolve(XLSX));
        Files.write(dir.resolve(XLSX), Workbooks.withCells(workbook, null,
                Workbooks.csv(workbook).replace(",BTCUSDT,yes,125,", ",BTCUSDT,yes,12x5,")));

        ReloadReport broken = reloader.reload("file-change", "watcher");

        assertThat(broken.outcome()).isEqualTo("rejected");
        assertThat(broken.problems()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.file()).isEqualTo(XLSX);
            assertThat(p.line()).isEqualTo(10);
            assertThat(p.message()).startsWith("sheet InstrumentLimits, row 10, column D (Max leverage): ");
        });
        assertThat(holder.current().orElseThrow().version()).isEqualTo(good);
    }

    @Test
    void theConsolesCsvOfTheSheetIsWrittenIntoTheWorkbook(@TempDir Path dir) throws Exception {
        reloaderOverWorkbook(dir);
        String current = DecisionTables.read(dir.resolve(XLSX), XLSX);
        String cells = DecisionTables.rendering(XLSX, current).replace(",BTCUSDT,yes,125,", ",BTCUSDT,yes,100,");

        String stored = DecisionTables.fromEdit(XLSX, cells, current);

        assertThat(stored).startsWith("UEsDB");
        assertThat(DecisionTables.rendering(XLSX, stored)).isEqualTo(cells);
        assertThat(DecisionTables.fromEdit(XLSX, stored, current)).isEqualTo(stored);
        assertThat(DecisionTables.fromEdit(CSV, "a,b", null)).isEqualTo("a,b");
    }

    /** The scratch rules with the CSV table replaced by the same table as a workbook. */
    private RuleSetReloader reloaderOverWorkbook(Path dir) throws Exception {
        RulesTree tree = RulesTree.copy(dir, true);
        workbookOf(tree.read(CSV), dir.resolve(XLSX));
        tree.delete(CSV);
        QuietLogging.apply();
        return new RuleSetReloader(dir, holder, new RuleCompiler(getClass().getClassLoader()),
                List.of(new ScenarioGate()), activated -> { }, new SimpleMeterRegistry());
    }

    private static Path workbookOf(String csv, Path file) throws Exception {
        Files.write(file, Workbooks.withCells(null, "InstrumentLimits", csv));
        return file;
    }

    private Decision decide(EvaluationRequest request) {
        return Evaluator.evaluate(holder.current().orElseThrow(), request);
    }
}
