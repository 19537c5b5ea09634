package io.positionpolicy.security;

import io.positionpolicy.security.UsersFile.User;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code java -jar quarkus-run.jar users ...}: manage the users file without starting the service.
 * <pre>
 *   users add NAME --roles ROLE[,ROLE] [--password-stdin] [--file PATH]   add or replace a user
 *   users remove NAME [--file PATH]
 *   users list [--file PATH]
 * </pre>
 * The file defaults to what the service reads: policy.security.users-file, else {@code <policy.data-dir>/users}, from
 * system properties or environment variables.
 */
public final class UsersCommand {
    private static final int MIN_PASSWORD = 12;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final UserStore shared;

    public UsersCommand(InputStream in, PrintStream out, PrintStream err) {
        this(in, out, err, null);
    }

    /** With {@code shared} (a cluster's database), users are written there unless {@code --file} names a file. */
    public UsersCommand(InputStream in, PrintStream out, PrintStream err, UserStore shared) {
        this.shared = shared;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Runs the command; returns the process exit code. */
    public int run(String... args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        try {
            java.util.Optional<String> fileOption = option(rest, "--file");
            UserStore file = fileOption.isEmpty() && shared != null ? shared
                    : UserStore.file(Path.of(fileOption.orElse(defaultFile())));
            String roles = option(rest, "--roles").orElse(null);
            boolean passwordFromStdin = rest.remove("--password-stdin");
            if (rest.isEmpty()) {
                return usage();
            }
            String verb = rest.remove(0);
            switch (verb) {
                case "add" -> {
                    String name = single(rest, "users add NAME --roles ROLE[,ROLE]");
                    UsersFile.checkName(name, "");
                    if (roles == null) {
                        throw new IllegalArgumentException("--roles is required: " + String.join(", ", Roles.ALL));
                    }
                    Set<String> parsed = UsersFile.parseRoles(roles, "");
                    String password = password(passwordFromStdin);
                    file.put(new User(name, Passwords.hash(password), parsed));
                    out.println("User " + name + " (" + String.join(",", parsed) + ") saved in " + file.describe()
                            + "; a running service picks it up within a second");
                }
                case "remove" -> {
                    String name = single(rest, "users remove NAME");
                    if (!file.remove(name)) {
                        throw new IllegalArgumentException("no user " + name + " in " + file.describe());
                    }
                    out.println("User " + name + " removed from " + file.describe());
                }
                case "list" -> file.read().forEach(u ->
                        out.println(u.name() + "  " + String.join(",", u.roles().stream().sorted().toList())));
                default -> {
                    return usage();
                }
            }
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            err.println("users: " + e.getMessage());
            return 1;
        }
    }

    private int usage() {
        err.println("""
                usage: users add NAME --roles ROLE[,ROLE] [--password-stdin] [--file PATH]
                       users remove NAME [--file PATH]
                       users list [--file PATH]
                roles: trader, risk-manager, auditor, admin""");
        return 2;
    }

    private String password(boolean fromStdin) {
        String password;
        if (fromStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
                password = line == null ? "" : line;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the password from standard input", e);
            }
        } else {
            Console console = System.console();
            if (console == null) {
                throw new IllegalStateException("no terminal to ask for the password; pipe it in with "
                        + "--password-stdin");
            }
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Again: ");
            if (first == null || !Arrays.equals(first, second)) {
                throw new IllegalArgumentException("the passwords differ");
            }
            password = new String(first);
        }
        if (password.length() < MIN_PASSWORD) {
            throw new IllegalArgumentException("a password has at least " + MIN_PASSWORD + " characters");
        }
        return password;
    }

    private static String single(List<String> rest, String usage) {
        if (rest.size() != 1) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return rest.get(0);
    }

    private static java.util.Optional<String> option(List<String> args, String name) {
        int at = args.indexOf(name);
        if (at < 0) {
            return java.util.Optional.empty();
        }
        if (at + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args.get(at + 1);
        args.subList(at, at + 2).clear();
        return java.util.Optional.of(value);
    }

    private static String defaultFile() {
        String file = setting("policy.security.users-file", "POLICY_SECURITY_USERS_FILE");
        if (file != null) {
            return file;
        }
        String dataDir = setting("policy.data-dir", "POLICY_DATA_DIR");
        return Path.of(dataDir == null ? "data" : dataDir, "users").toString();
    }

    private static String setting(String property, String variable) {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(variable);
    }
}
