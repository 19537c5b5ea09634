package io.positionpolicy.controls;

import io.positionpolicy.evaluation.TradingStateSource;
import io.positionpolicy.model.TradingStatus;
import io.positionpolicy.model.facts.TradingState;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One replica's view of the trading states: a snapshot of the store, replaced whenever the store's change counter
 * moves. A change made here is in the snapshot before {@link #apply} returns; one made through another replica sharing
 * the database is picked up by the poller within one poll interval. Evaluations read the snapshot only, never the
 * database.
 */
public final class TradingStates implements TradingStateSource, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TradingStates.class);

    private final TradingStateStore store;
    private final String instanceId;
    private final ScheduledExecutorService poller;
    private final List<Waiter> waiters = new ArrayList<>();
    private volatile TradingStateStore.Snapshot snapshot;

    private record Waiter(long seq, CompletableFuture<Long> future) {
    }

    public TradingStates(TradingStateStore store, String instanceId, Duration pollInterval) {
        this.store = store;
        this.instanceId = instanceId;
        try {
            this.snapshot = store.snapshot();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the trading states: " + e.getMessage(), e);
        }
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "trading-states-poller");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(10, pollInterval.toMillis());
        poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public List<TradingState> applicable(String accountId, String symbol) {
        List<TradingState> states = snapshot.states();
        if (states.isEmpty()) {
            return List.of();
        }
        return states.stream()
                .filter(s -> s.status() != TradingStatus.ACTIVE)
                .filter(s -> s.scope().covers(s.accountId(), s.symbol(), accountId, symbol))
                .toList();
    }

    /** Every state in force (ACTIVE scopes are not stored). */
    public List<TradingState> all() {
        return snapshot.states();
    }

    /** The change counter the snapshot reflects. */
    public long seq() {
        return snapshot.seq();
    }

    /** Validates, stores and records the change, and refreshes this replica's view before returning. */
    public StateChange apply(StateChangeRequest request, String principal) throws SQLException {
        StateChange change = store.apply(request.validated(), principal, instanceId);
        refresh();
        return change;
    }

    public List<StateChange> changes(int limit) throws SQLException {
        return store.changes(limit);
    }

    public ChangeLogVerification verify() throws SQLException {
        TradingStateStore.Recorded recorded = store.recorded();
        return ChangeLogVerification.of(recorded.changes(), recorded.head(), recorded.states());
    }

    /** Completes once this replica's view reflects change {@code seq} or a later one: the event tests wait on. */
    public synchronized CompletableFuture<Long> whenSeen(long seq) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        if (snapshot.seq() >= seq) {
            future.complete(snapshot.seq());
        } else {
            waiters.add(new Waiter(seq, future));
        }
        return future;
    }

    private void poll() {
        try {
            if (store.lastSeq() != snapshot.seq()) {
                refresh();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Cannot poll the trading states (keeping the last view, change %d): %s", snapshot.seq(),
                    e.getMessage());
        }
    }

    private synchronized void refresh() throws SQLException {
        TradingStateStore.Snapshot fresh = store.snapshot();
        if (fresh.seq() < snapshot.seq()) {
            return; // an older read overtaken by a newer one
        }
        if (fresh.seq() != snapshot.seq()) {
            LOG.infof("Trading states at change %d: %d scopes not ACTIVE", fresh.seq(), fresh.states().size());
        }
        snapshot = fresh;
        waiters.removeIf(w -> {
            if (fresh.seq() >= w.seq()) {
                w.future().complete(fresh.seq());
                return true;
            }
            return false;
        });
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
