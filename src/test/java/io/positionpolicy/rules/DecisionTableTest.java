package io.positionpolicy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.evaluation.scenario.ScenarioGate;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-instrument limits are a Drools decision table (rules/controls/InstrumentLimits.drl.csv) loaded like any rule
 * file: an edit goes live through the same reload, a broken or unsafe one is refused with its sheet, row and column
 * (the CSV line, so editors mark it), and the last good rule set keeps serving. Also: the "reject" choice for a
 * protection whose fact is missing.
 */
class DecisionTableTest {
    private static final String TABLE = "controls/InstrumentLimits.drl.csv";
    private static final String BTC_ROW = "Instrument limits for BTCUSDT,BTCUSDT,yes,125,0.05,5000000,";
    /** An order for DOGEUSDT, which only the table's "*USDT" row covers (no row of its own). */
    static final String DOGE_ORDER = """
            {"account": {"id": "acc-d", "equity": 10000, "tier": "STANDARD"},
             "instrument": {"symbol": "DOGEUSDT", "contractSize": 1, "qtyStep": 1, "tickSize": 0.0001, "maxLeverage": 50,
                            "maintenanceTiers": [{"notionalFloor": 0, "rate": 0.01}]},
             "market": {"lastPrice": 0.2, "markPrice": 0.2, "atr": 0.004},
             "activity": {"realizedPnlToday": 0, "startOfDayEquity": 10000, "entriesToday": 0,
                          "lastStopOutAt": "2026-01-01T00:00:00Z"},
             "intent": {"type": "OPEN", "side": "LONG", "price": 0.206, "quantity": 1000, "stopPrice": 0.2,
                        "leverage": 3}}""";

    private final RuleSetHolder holder = new RuleSetHolder();

    private RuleSetReloader reloader(Path dir) {
        QuietLogging.apply();
        return new RuleSetReloader(dir, holder, new RuleCompiler(getClass().getClassLoader()),
                List.of(new ScenarioGate()), activated -> { }, new SimpleMeterRegistry());
    }

    @Test
    void anEditOfTheTableGoesLive(@TempDir Path dir) throws Exception {
        RulesTree tree = RulesTree.copy(dir, true);
        RuleSetReloader reloader = reloader(dir);
        assertThat(reloader.reload("startup", "system").outcome()).isEqualTo("activated");
        EvaluationRequest order = RequestParser.parse(DOGE_ORDER.getBytes());
        // 0.206 is 3 % above the mark: within the *USDT row's 10 % collar.
        assertThat(decide(order).verdict()).isEqualTo(Verdict.APPROVE);

        String dogeRow = "Instrument limits for DOGEUSDT,DOGEUSDT,yes,20,0.02,100000,500000,500000,,,\n";
        tree.write(TABLE, tree.read(TABLE).replace("Instrument limits for other USDT", dogeRow
                + "Instrument limits for other USDT"));
        ReloadReport report = reloader.reload("file-change", "watcher");

        assertThat(report.outcome()).isEqualTo("activated");
        Decision after = decide(order);
        assertThat(after.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(after.violations()).extracting(Decision.Violation::code).containsExactly("PRICE_OUTSIDE_COLLAR");
        assertThat(after.firedRules()).extracting(Decision.FiredRule::name, Decision.FiredRule::file)
                .contains(org.assertj.core.groups.Tuple.tuple("Instrument limits for DOGEUSDT", TABLE));
    }

    @Test
    void aBrokenCellIsRefusedWithItsSheetRowAndColumn(@TempDir Path dir) throws Exception {
        RulesTree tree = RulesTree.copy(dir, true);
        RuleSetReloader reloader = reloader(dir);
        String good = reloader.reload("startup", "system").version();

        tree.write(TABLE, tree.read(TABLE).replace(BTC_ROW, BTC_ROW.replace(",125,", ",12x5,")));
        ReloadReport broken = reloader.reload("file-change", "watcher");

        assertThat(broken.outcome()).isEqualTo("rejected");
        assertThat(broken.problems()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.file()).isEqualTo(TABLE);
            assertThat(p.line()).isEqualTo(10);
            assertThat(p.message()).startsWith("sheet InstrumentLimits, row 10, column D (Max leverage): ");
        });
        assertThat(holder.current().orElseThrow().version()).isEqualTo(good);
    }

    @Test
    void unsafeCodeInACellIsRefusedWithItsRowAndColumn(@TempDir Path dir) throws Exception {
        RulesTree tree = RulesTree.copy(dir, true);
        RuleSetReloader reloader = reloader(dir);
        reloader.reload("startup", "system");

        tree.write(TABLE, tree.read(TABLE).replace(BTC_ROW,
                BTC_ROW.replace(",5000000,", ",java.lang.Runtime.getRuntime().availableProcessors(),")));
        ReloadReport unsafe = reloader.reload("file-change", "watcher");

        assertThat(unsafe.outcome()).isEqualTo("rejected");
        assertThat(unsafe.problems()).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo(DrlSafetyCheck.KIND);
            assertThat(p.file()).isEqualTo(TABLE);
            assertThat(p.line()).isEqualTo(10);
            assertThat(p.message()).startsWith("sheet InstrumentLimits, row 10, column F (Max order notional): ");
        });
    }

    @Test
    void withRejectChosenAMissingFactRejectsInsteadOfNoting() {
        SortedMap<String, String> files = new TreeMap<>(RuleSources.readDrl(StandardRuleSet.RULES));
        String parameters = files.get("controls/ProtectionParameters.drl");
        files.put("controls/ProtectionParameters.drl",
                parameters.replace(".whenFactMissing(\"note\")       // \"note\" or \"reject\"",
                        ".whenFactMissing(\"reject\")"));
        assertThat(files.get("controls/ProtectionParameters.drl")).contains("\"reject\"");
        RuleSet rejecting = new RuleCompiler(getClass().getClassLoader()).compile(files);
        String withoutActivity = DOGE_ORDER.replaceAll("\"activity\": \\{[^}]*\\},", "")
                .replace("\"price\": 0.206", "\"price\": 0.2").replace("\"stopPrice\": 0.2,", "\"stopPrice\": 0.196,");
        EvaluationRequest order = RequestParser.parse(withoutActivity.getBytes());

        Decision decision = Evaluator.evaluate(rejecting, order);
        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.violations()).extracting(Decision.Violation::code).containsExactlyInAnyOrder(
                "DAILY_LOSS_NOT_CHECKED", "COOLDOWN_NOT_CHECKED", "MAX_ENTRIES_NOT_CHECKED");
        assertThat(decision.notes()).isNull();

        Decision noting = Evaluator.evaluate(StandardRuleSet.get(), order);
        assertThat(noting.verdict()).isEqualTo(Verdict.APPROVE);
        assertThat(noting.notes()).extracting(Decision.Note::code).containsExactlyInAnyOrder(
                "DAILY_LOSS_NOT_CHECKED", "COOLDOWN_NOT_CHECKED", "MAX_ENTRIES_NOT_CHECKED");
    }

    private Decision decide(EvaluationRequest request) {
        return Evaluator.evaluate(holder.current().orElseThrow(), request);
    }
}
