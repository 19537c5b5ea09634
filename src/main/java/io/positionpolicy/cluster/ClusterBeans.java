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

/**
 * What {@code policy.rules.source} decides besides the rules: with {@code database} the users and the backtest jobs
 * live in the shared database too, so every replica answers alike; otherwise the users file and this process.
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

    @Produces
    @Singleton
    JobLedger jobs(PolicyConfig config, jakarta.enterprise.inject.Instance<AuditStore> audit, ObjectMapper json) {
        return shared(config) ? new JdbcJobLedger(audit.get().dataSource(), audit.get().instanceId(), json)
                : JobLedger.NONE;
    }
}
