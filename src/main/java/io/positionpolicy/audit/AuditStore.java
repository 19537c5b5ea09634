package io.positionpolicy.audit;

import io.positionpolicy.config.PolicyConfig;
import io.positionpolicy.evaluation.DecisionJournal;
import io.positionpolicy.evaluation.EvaluationRecord;
import io.positionpolicy.evaluation.AuditUnavailableException;
import io.positionpolicy.rules.ReloadReport;
import io.positionpolicy.rules.RuleSetActivated;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The audit trail of this service: the store chosen by configuration, the group-commit writer of this instance's
 * chain, and the readers (search, export, statistics, verification, rule-set archive).
 */
@ApplicationScoped
public class AuditStore implements DecisionJournal {
    private static final Logger LOG = Logger.getLogger(AuditStore.class);

    private final AuditDatabase database;
    private final AuditWriter writer;
    private final String instanceId;

    public AuditStore(PolicyConfig config) {
        PolicyConfig.Db db = config.db();
        String url = db.url()
                .or(() -> ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.jdbc.url", String.class))
                .orElseGet(() -> AuditDatabase.h2Url(Path.of(config.dataDir())));
        String user = db.user()
                .or(() -> ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.username", String.class))
                .orElse(null);
        String password = db.password()
                .or(() -> ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.password", String.class))
                .orElse(null);
        this.database = AuditDatabase.open(url, user, password, db.maxPoolSize(), db.acquisitionTimeout());
        this.instanceId = config.audit().instanceId().orElseGet(AuditStore::hostName);
        this.writer = new AuditWriter(database.dataSource(), instanceId, config.audit().batchSize(),
                config.audit().maxWait(), config.audit().queueCapacity());
        LOG.infof("Audit trail on %s, chain %s", database.describe(), instanceId);
    }

    @Override
    public CompletableFuture<Void> append(EvaluationRecord record) {
        return writer.append(record);
    }

    void onRuleSetActivated(@Observes RuleSetActivated event) {
        archive().recordActivation(event.ruleSet().version(), event.ruleSet().files(), event.trigger(),
                event.principal(), instanceId);
    }

    void onRuleSetAttempt(@Observes ReloadReport report) {
        try {
            archive().recordOperation(report.at(), report.trigger(), report.principal(), instanceId, report.outcome(),
                    report.version(), report.files(), report.problems().stream().map(Object::toString).toList());
        } catch (RuntimeException e) {
            throw new AuditUnavailableException("the rule-set " + report.trigger() + " could not be recorded", e);
        }
    }

    /** The store's connection pool, for the trading controls that share its database. */
    public javax.sql.DataSource dataSource() {
        return database.dataSource();
    }

    public AuditQueries queries() {
        return new AuditQueries(database.dataSource());
    }

    public ChainVerifier verifier() {
        return new ChainVerifier(database.dataSource());
    }

    public RuleSetArchive archive() {
        return new RuleSetArchive(database.dataSource());
    }

    /** True when a connection answers within a second. */
    public boolean reachable() {
        try (Connection connection = database.dataSource().getConnection()) {
            return connection.isValid(1);
        } catch (Exception e) {
            return false;
        }
    }

    public String describe() {
        return database.describe();
    }

    public String instanceId() {
        return instanceId;
    }

    @PreDestroy
    void close() {
        writer.close();
        database.close();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
