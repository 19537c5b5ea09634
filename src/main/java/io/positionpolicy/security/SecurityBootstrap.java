package io.positionpolicy.security;

import io.positionpolicy.config.PolicyConfig;
import io.positionpolicy.security.UsersFile.User;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Makes sure the service never starts open: with no user in the users file and no JWT key configured it either
 * refuses to start or creates user {@code admin} with a random password, printed once, its hash kept in the users
 * file (so it survives restarts and is never printed again).
 */
@Startup
@ApplicationScoped
public class SecurityBootstrap {
    private static final Logger LOG = Logger.getLogger(SecurityBootstrap.class);
    private static final List<String> JWT_KEY_SETTINGS = List.of("mp.jwt.verify.publickey",
            "mp.jwt.verify.publickey.location", "smallrye.jwt.verify.key.location");

    private final UserDirectory users;

    public SecurityBootstrap(PolicyConfig config, UserStore store) {
        PolicyConfig.Security security = config.security();
        Path file = usersFile(config);
        boolean jwt = jwtConfigured(ConfigProvider.getConfig());
        if (store.remote() && store.read().isEmpty()) {
            importUsersFile(file, store);
        }
        if (store.read().isEmpty() && !jwt) {
            if (refuses(security.whenNoUsers())) {
                throw new IllegalStateException("Cannot start: no users in " + store.describe()
                        + " and no JWT key configured (mp.jwt.verify.publickey.location), so nobody could sign in. "
                        + "Add a user with 'java -jar quarkus-run.jar users add NAME --roles admin"
                        + (store.remote() ? "" : " --file " + file) + "' or configure JWT verification");
            }
            createAdmin(store);
        }
        this.users = new UserDirectory(store, security.credentialCacheTtl(), security.usersFileCheckInterval());
        LOG.infof("Authentication: HTTP Basic with %d users from %s%s", users.size(), store.describe(),
                jwt ? "; bearer JWTs verified with the configured key" : "; bearer JWTs off (no key configured)");
    }

    public UserDirectory users() {
        return users;
    }

    public static Path usersFile(PolicyConfig config) {
        return config.security().usersFile().map(Path::of).orElseGet(() -> Path.of(config.dataDir(), "users"));
    }

    public static boolean jwtConfigured(Config config) {
        return JWT_KEY_SETTINGS.stream().anyMatch(key -> config.getOptionalValue(key, String.class).isPresent());
    }

    private static boolean refuses(String whenNoUsers) {
        return switch (whenNoUsers) {
            case "refuse" -> true;
            case "generate-admin" -> false;
            case "auto" -> Stream.of(System.getProperty("quarkus.profile"), System.getenv("QUARKUS_PROFILE"))
                    .filter(Objects::nonNull)
                    .anyMatch(profiles -> Arrays.asList(profiles.split(",")).contains("prod"));
            default -> throw new IllegalStateException("Cannot start: policy.security.when-no-users is '"
                    + whenNoUsers + "'; use auto, generate-admin or refuse");
        };
    }

    /** A first start on a shared store: the users of this instance's users file, if it has any, move in. */
    private static void importUsersFile(Path file, UserStore store) {
        List<User> fromFile = UsersFile.read(file);
        long added = fromFile.stream().filter(store::add).count();
        if (added > 0) {
            LOG.infof("The database had no users: imported %d from %s", added, file.toAbsolutePath());
        }
    }

    private static void createAdmin(UserStore store) {
        String password = Passwords.generate();
        if (!store.add(new User("admin", Passwords.hash(password), Set.of(Roles.ADMIN)))) {
            return; // another replica created it at the same moment and printed its password
        }
        LOG.warnf("""

                ==========================================================================================
                 No users were configured, so user 'admin' was created with this password (shown only now):

                     %s

                 Its hash is kept in %s. Add users for people and systems with
                     java -jar target/quarkus-app/quarkus-run.jar users add NAME --roles ROLE[,ROLE]
                 and set QUARKUS_PROFILE=prod in production, where a missing users file stops the start.
                ==========================================================================================""",
                password, store.describe());
    }
}
