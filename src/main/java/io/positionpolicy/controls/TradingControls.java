package io.positionpolicy.controls;

import io.positionpolicy.audit.AuditStore;
import io.positionpolicy.config.PolicyConfig;
import io.positionpolicy.evaluation.AuditUnavailableException;
import io.positionpolicy.evaluation.TradingStateSource;
import io.positionpolicy.model.facts.TradingState;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;

/**
 * The service's trading controls: the states in the audit store's database, this replica's view of them (polled every
 * {@code policy.controls.poll-interval}), and the trading-state source every evaluation asks.
 */
@ApplicationScoped
public class TradingControls implements TradingStateSource {
    private final TradingStates states;

    public TradingControls(AuditStore store, PolicyConfig config) {
        this.states = new TradingStates(new TradingStateStore(store.dataSource()), store.instanceId(),
                config.controls().pollInterval());
    }

    @Override
    public List<TradingState> applicable(String accountId, String symbol) {
        return states.applicable(accountId, symbol);
    }

    public List<TradingState> all() {
        return states.all();
    }

    public long seq() {
        return states.seq();
    }

    /** Sets a state; a bad request throws {@code InvalidRequestException} naming the fields. */
    public StateChange apply(StateChangeRequest request, String principal) {
        try {
            return states.apply(request, principal);
        } catch (SQLException e) {
            throw new AuditUnavailableException("the trading state could not be stored", e);
        }
    }

    public List<StateChange> changes(int limit) {
        try {
            return states.changes(limit);
        } catch (SQLException e) {
            throw new AuditUnavailableException("the trading-state changes could not be read", e);
        }
    }

    public ChangeLogVerification verify() {
        try {
            return states.verify();
        } catch (SQLException e) {
            throw new AuditUnavailableException("the trading-state changes could not be read", e);
        }
    }

    @PreDestroy
    void close() {
        states.close();
    }
}
