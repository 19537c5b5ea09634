package io.positionpolicy.rules;

import io.positionpolicy.config.PolicyConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/** Compiles the rules directory at start-up; a rule set that does not compile stops the start with every error. */
@ApplicationScoped
public class RuleSetLoader {
    private static final Logger LOG = Logger.getLogger(RuleSetLoader.class);

    private final RuleSetHolder holder;
    private final Event<RuleSetActivated> activated;
    private final Path directory;
    private final RuleCompiler compiler = new RuleCompiler(RuleSetLoader.class.getClassLoader());

    public RuleSetLoader(RuleSetHolder holder, Event<RuleSetActivated> activated, PolicyConfig config) {
        this.holder = holder;
        this.activated = activated;
        this.directory = Path.of(config.rules().dir());
    }

    void onStart(@Observes StartupEvent event) {
        try {
            RuleSet ruleSet = compiler.compile(RuleSources.readDrl(directory));
            activated.fire(new RuleSetActivated(ruleSet, "startup", "system"));
            holder.activate(ruleSet);
            LOG.infof("Rule set %s active: %d files from %s, compiled in %d ms", ruleSet.version(),
                    ruleSet.files().size(), directory.toAbsolutePath(), ruleSet.compileMillis());
        } catch (RuleCompilationException e) {
            LOG.errorf("Cannot start: the rule set in %s is not usable:%s", directory.toAbsolutePath(),
                    e.problems().stream().map(p -> "\n  " + p).reduce("", String::concat));
            throw e;
        }
    }

    public Path directory() {
        return directory;
    }
}
