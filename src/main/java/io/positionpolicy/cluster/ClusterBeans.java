package io.positionpolicy.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.positionpolicy.audit.AuditStore;
import io.positionpolicy.backtest.JobLedger;
import io.positionpolicy.config.PolicyConfig;
import io.positionpolicy.security.JdbcUserStore;
import io.positionpolicy.security.SecurityBootstrap;
import io.positionpolicy.security.UserStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * What {@code policy.rules.source} decides besides the rules: with {@code database} the users live in the shared
 * database too, so every replica answers alike; otherwise in the users file. Backtest jobs are in the store either way.
 */
@Singleton
public class ClusterBeans {

    public static boolean shared(PolicyConfig config) {
        return config.rules().source().equals("database");
    }

    @Produces
    @Singleton
    UserStore users(PolicyConfig config, jakarta.enterprise.inject.Instance<AuditStore> audit) {
        return shared(config) ? new JdbcUserStore(audit.get().dataSource())
                : UserStore.file(SecurityBootstrap.usersFile(config));
    }

    /**
     * Backtest jobs live in the store in either mode, so a job and its result (and the one a change set keeps) outlive
     * a restart. A replica marks the jobs its earlier run left unfinished once it holds its instance id
     * ({@link ReplicaSync}); a single instance does it here, before its first job.
     */
    @Produces
    @Singleton
    JobLedger jobs(PolicyConfig config, jakarta.enterprise.inject.Instance<AuditStore> audit, ObjectMapper json) {
        JobLedger ledger = new JdbcJobLedger(audit.get().dataSource(), audit.get().instanceId(), json);
        if (!shared(config)) {
            ledger.failOwnUnfinished(Instant.now());
        }
        return ledger;
    }
}
