package io.positionpolicy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings under {@code policy.*}; see the configuration table in README.md. */
@ConfigMapping(prefix = "policy")
public interface PolicyConfig {

    Rules rules();

    Api api();

    interface Rules {
        /** Directory of the DRL rule set (nested folders allowed), relative to the working directory or absolute. */
        @WithDefault("rules")
        String dir();
    }

    interface Api {
        /** Most items one {@code POST /api/v1/evaluations/batch} may carry. */
        @WithDefault("1000")
        int maxBatchItems();
    }
}
