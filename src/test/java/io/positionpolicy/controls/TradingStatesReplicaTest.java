package io.positionpolicy.controls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.positionpolicy.audit.AuditDatabase;
import io.positionpolicy.audit.TestStores;
import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.model.ControlScope;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.TradingStatus;
import io.positionpolicy.model.Verdict;
import io.positionpolicy.rules.StandardRuleSet;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two replicas sharing one store (embedded H2, or a fresh PostgreSQL database): a HALT set through one refuses the
 * next order on the other within 1 s, states survive a restart, the change log is hash-chained and a changed row is
 * found, and a bad change is refused naming its field.
 */
class TradingStatesReplicaTest {
    private static final Duration POLL = Duration.ofMillis(250);
    private static final String ORDER = """
            {"account": {"id": "acc-r", "equity": 10000, "tier": "STANDARD"},
             "instrument": {"symbol": "BTCUSDT", "contractSize": 0.001, "qtyStep": 1, "tickSize": 0.1, "maxLeverage": 125,
                            "maintenanceTiers": [{"notionalFloor": 0, "rate": 0.004}]},
             "market": {"lastPrice": 50000, "atr": 1000},
             "activity": {"realizedPnlToday": 0, "startOfDayEquity": 10000, "entriesToday": 0,
                          "lastStopOutAt": "2026-01-01T00:00:00Z"},
             "intent": {"type": "OPEN", "side": "LONG", "price": 50000, "stopPrice": 49000, "leverage": 5}}""";

    private final List<AutoCloseable> open = new ArrayList<>();
    private String postgresDatabase;

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (postgresDatabase != null) {
            admin("DROP DATABASE IF EXISTS " + postgresDatabase + " WITH (FORCE)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aHaltSetThroughOneReplicaRefusesTheNextOrderOnTheOtherWithinOneSecond(String kind) throws Exception {
        String url = freshStore(kind);
        TradingStates a = replica(url, "replica-a");
        TradingStates b = replica(url, "replica-b");
        EvaluationRequest order = RequestParser.parse(ORDER.getBytes());
        assertThat(decide(order, b).verdict()).isEqualTo(Verdict.APPROVE);

        StateChange halt = a.apply(new StateChangeRequest(ControlScope.GLOBAL, null, null, TradingStatus.HALTED,
                "exchange incident"), "rm-ann");
        // The 1 s, as a deadline on the event "replica b has seen this change", counted from the commit.
        b.whenSeen(halt.seq()).get(1, TimeUnit.SECONDS);

        Decision refused = decide(order, b);
        assertThat(refused.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(refused.violations()).extracting(Decision.Violation::code).containsExactly("TRADING_HALTED");
        assertThat(refused.tradingStates()).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(TradingStatus.HALTED);
            assertThat(s.reason()).isEqualTo("exchange incident");
            assertThat(s.setBy()).isEqualTo("rm-ann");
        });

        StateChange cleared = b.apply(new StateChangeRequest(ControlScope.GLOBAL, null, null, TradingStatus.ACTIVE,
                "incident over"), "admin");
        a.whenSeen(cleared.seq()).get(1, TimeUnit.SECONDS);
        assertThat(decide(order, a).verdict()).isEqualTo(Verdict.APPROVE);
        assertThat(cleared.oldState()).isEqualTo(TradingStatus.HALTED);
        assertThat(a.verify().ok()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void statesSurviveARestartAndEachScopeCoversWhatItNames(String kind) throws Exception {
        String url = freshStore(kind);
        AuditDatabase first = TestStores.open(url);
        TradingStates before = new TradingStates(new TradingStateStore(first.dataSource()), "replica-a", POLL);
        before.apply(new StateChangeRequest(ControlScope.ACCOUNT, "acc-1", null, TradingStatus.REDUCING, "drawdown"),
                "rm");
        before.apply(new StateChangeRequest(ControlScope.SYMBOL, null, "ETHUSDT", TradingStatus.HALTED, "delisting"),
                "rm");
        before.apply(new StateChangeRequest(ControlScope.ACCOUNT_SYMBOL, "acc-2", "BTCUSDT", TradingStatus.HALTED,
                "desk"), "rm");
        before.close();
        first.close();

        TradingStates after = replica(url, "replica-a");
        assertThat(after.seq()).isEqualTo(3);
        assertThat(statuses(after, "acc-1", "BTCUSDT")).containsExactly(TradingStatus.REDUCING);
        assertThat(statuses(after, "acc-1", "ETHUSDT")).containsExactlyInAnyOrder(TradingStatus.REDUCING,
                TradingStatus.HALTED);
        assertThat(statuses(after, "acc-2", "BTCUSDT")).containsExactly(TradingStatus.HALTED);
        assertThat(statuses(after, "acc-2", "SOLUSDT")).isEmpty();
        assertThat(after.changes(10)).extracting(StateChange::seq).containsExactly(3L, 2L, 1L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aChangedOrRemovedChangeBreaksTheChain(String kind) throws Exception {
        String url = freshStore(kind);
        AuditDatabase database = TestStores.open(url);
        open.add(database);
        TradingStates states = new TradingStates(new TradingStateStore(database.dataSource()), "replica-a", POLL);
        open.add(states);
        for (String reason : List.of("one", "two", "three")) {
            states.apply(new StateChangeRequest(ControlScope.GLOBAL, null, null, TradingStatus.REDUCING, reason), "rm");
        }
        assertThat(states.verify()).isEqualTo(new ChangeLogVerification(true, 3, null, null));

        sql(database, "UPDATE trading_state_change SET reason = 'nothing to see' WHERE seq = 2");
        ChangeLogVerification tampered = states.verify();
        assertThat(tampered.ok()).isFalse();
        assertThat(tampered.firstBrokenSeq()).isEqualTo(2L);

        sql(database, "UPDATE trading_state_change SET reason = 'two' WHERE seq = 2");
        sql(database, "DELETE FROM trading_state_change WHERE seq = 3");
        assertThat(states.verify().ok()).isFalse();
        assertThat(states.verify().reason()).contains("removed from the end");
    }

    /**
     * Until 2026-12-07 a halt deleted from trading_state (or turned into REDUCING, or a state added there) behind the
     * log lifted it for every order after the next restart, and verify still said ok: it walked the log only.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aStateInForceThatTheLogDidNotLeaveBreaksVerification(String kind) throws Exception {
        String url = freshStore(kind);
        AuditDatabase database = TestStores.open(url);
        open.add(database);
        TradingStates states = new TradingStates(new TradingStateStore(database.dataSource()), "replica-a", POLL);
        open.add(states);
        states.apply(new StateChangeRequest(ControlScope.SYMBOL, null, "ETHUSDT", TradingStatus.REDUCING, "one"), "rm");
        states.apply(new StateChangeRequest(ControlScope.GLOBAL, null, null, TradingStatus.HALTED, "incident"), "rm");
        states.apply(new StateChangeRequest(ControlScope.SYMBOL, null, "ETHUSDT", TradingStatus.ACTIVE, "over"), "rm");
        assertThat(states.verify()).isEqualTo(new ChangeLogVerification(true, 3, null, null));

        sql(database, "DELETE FROM trading_state WHERE scope = 'GLOBAL'");
        ChangeLogVerification deleted = states.verify();
        assertThat(deleted.ok()).isFalse();
        assertThat(deleted.firstBrokenSeq()).isEqualTo(2L);
        assertThat(deleted.reason()).startsWith("the state in force everywhere is ACTIVE, but the log's last change "
                + "for it, change 2, left HALTED (reason 'incident', set by rm at ");

        sql(database, "INSERT INTO trading_state (scope, account_id, symbol, state, reason, set_by, set_at) SELECT "
                + "'GLOBAL', '', '', 'REDUCING', reason, principal, changed_at FROM trading_state_change WHERE seq = 2");
        assertThat(states.verify().reason()).startsWith("the state in force everywhere is REDUCING (reason "
                + "'incident', set by rm at ");

        sql(database, "UPDATE trading_state SET state = 'HALTED'");
        assertThat(states.verify().ok()).isTrue();
        sql(database, "INSERT INTO trading_state (scope, account_id, symbol, state, reason, set_by, set_at) VALUES "
                + "('ACCOUNT', 'acc-9', '', 'HALTED', 'x', 'rm', CURRENT_TIMESTAMP)");
        ChangeLogVerification added = states.verify();
        assertThat(added.ok()).isFalse();
        assertThat(added.firstBrokenSeq()).isNull();
        assertThat(added.reason()).startsWith("the state in force for account acc-9 is HALTED (reason 'x', set by rm")
                .endsWith("but no change in the log set it (the trading_state table was changed outside the service)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void aBadChangeIsRefusedNamingItsFields(String kind) throws Exception {
        TradingStates states = replica(freshStore(kind), "replica-a");
        assertThatThrownBy(() -> states.apply(new StateChangeRequest(ControlScope.ACCOUNT, null, "BTCUSDT",
                TradingStatus.HALTED, " "), "rm"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(f -> f.field())
                        .containsExactlyInAnyOrder("$.accountId", "$.symbol", "$.reason"));
        assertThat(states.seq()).isZero();
    }

    private static List<TradingStatus> statuses(TradingStates states, String account, String symbol) {
        return states.applicable(account, symbol).stream().map(s -> s.status()).toList();
    }

    private static Decision decide(EvaluationRequest request, TradingStates states) {
        return Evaluator.evaluate(StandardRuleSet.get(), request, UUID.randomUUID(), Instant.now(), states);
    }

    private TradingStates replica(String url, String instance) {
        AuditDatabase database = TestStores.open(url);
        open.add(database);
        TradingStates states = new TradingStates(new TradingStateStore(database.dataSource()), instance, POLL);
        open.add(states);
        return states;
    }

    private String freshStore(String kind) throws Exception {
        if (kind.equals("h2")) {
            return AuditDatabase.h2Url(Files.createTempDirectory("controls-h2"));
        }
        TestStores.requirePostgres();
        postgresDatabase = "pp_controls_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + postgresDatabase);
        return "jdbc:postgresql://127.0.0.1:5432/" + postgresDatabase;
    }

    private static void admin(String statement) throws Exception {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", TestStores.POSTGRES_USER);
        try (Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:5432/postgres", properties);
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static void sql(AuditDatabase database, String statement) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
