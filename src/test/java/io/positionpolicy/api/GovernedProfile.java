package io.positionpolicy.api;

import io.positionpolicy.TestUsers;
import io.positionpolicy.security.Passwords;
import io.positionpolicy.security.UsersFile;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A service whose rules need one approval (four eyes), on a scratch copy of the shipped rules and a store of its own,
 * with two risk managers: {@code risk} (the test users') and {@code risk-b}.
 */
public class GovernedProfile implements QuarkusTestProfile {
    static final String SECOND_RISK_MANAGER = "risk-b";
    static final String SECOND_PASSWORD = "risk-b-pass-1234";

    @Override
    public Map<String, String> getConfigOverrides() {
        return overrides(1);
    }

    static Map<String, String> overrides(int approvals) {
        try {
            Path work = Files.createTempDirectory("governed");
            Path rules = copyRules(work.resolve("rules"));
            Path users = work.resolve("users");
            UsersFile.put(users, new UsersFile.User(TestUsers.ADMIN.user, Passwords.hash(TestUsers.ADMIN.password),
                    Set.of("admin")));
            UsersFile.put(users, new UsersFile.User(TestUsers.RISK_MANAGER.user,
                    Passwords.hash(TestUsers.RISK_MANAGER.password), Set.of("risk-manager")));
            UsersFile.put(users, new UsersFile.User(SECOND_RISK_MANAGER, Passwords.hash(SECOND_PASSWORD),
                    Set.of("risk-manager")));
            UsersFile.put(users, new UsersFile.User(TestUsers.TRADER.user, Passwords.hash(TestUsers.TRADER.password),
                    Set.of("trader")));
            UsersFile.put(users, new UsersFile.User(TestUsers.AUDITOR.user,
                    Passwords.hash(TestUsers.AUDITOR.password), Set.of("auditor")));
            return Map.of("policy.rules.dir", rules.toString(), "policy.data-dir", work.resolve("data").toString(),
                    "policy.security.users-file", users.toString(),
                    "policy.governance.required-approvals", Integer.toString(approvals),
                    "policy.governance.schedule-check", "200ms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path copyRules(Path to) throws IOException {
        Path from = Path.of("rules");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        return to;
    }

    /** Four eyes in cluster mode: the rules live in the shared store (H2 here), seeded from a scratch copy. */
    public static class InCluster implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new java.util.HashMap<>(overrides(1));
            overrides.put("policy.rules.source", "database");
            overrides.put("policy.rules.seed-dir", overrides.get("policy.rules.dir"));
            return overrides;
        }
    }

    /** The same service with no approvals required: a valid change goes live when it is proposed. */
    public static class Direct implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return overrides(0);
        }
    }
}
