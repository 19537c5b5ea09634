package io.positionpolicy.security;

import io.positionpolicy.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The users file of HTTP Basic authentication: one user per line, {@code name:bcrypt-hash:role,role}, blank lines
 * and {@code #} comments allowed. Written atomically and readable by its owner only.
 */
public final class UsersFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /** One user: a name, the bcrypt hash of the password, and the roles. */
    public record User(String name, String passwordHash, Set<String> roles) {
        public User {
            roles = Set.copyOf(roles);
        }

        String line() {
            return name + ":" + passwordHash + ":" + String.join(",", roles.stream().sorted().toList());
        }
    }

    private UsersFile() {
    }

    /** The users of the file; a missing file has none. A malformed line fails with the file and line number. */
    public static List<User> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read users file " + file, e);
        }
        List<User> users = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            User user = parse(file, i + 1, line);
            if (!names.add(user.name())) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": user '" + user.name() + "' appears twice");
            }
            users.add(user);
        }
        return List.copyOf(users);
    }

    private static User parse(Path file, int lineNumber, String line) {
        String[] parts = line.split(":", -1);
        String where = file + ":" + lineNumber + ": ";
        if (parts.length != 3) {
            throw new IllegalArgumentException(where + "expected name:bcrypt-hash:role[,role...]");
        }
        checkName(parts[0], where);
        if (!Passwords.isHash(parts[1])) {
            throw new IllegalArgumentException(where + "the password must be a bcrypt hash ($2a$...); "
                    + "add users with 'java -jar quarkus-run.jar users add NAME --roles ROLE'");
        }
        return new User(parts[0], parts[1], parseRoles(parts[2], where));
    }

    static void checkName(String name, String where) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + "a user name is 1 to 64 letters, digits or . _ @ -");
        }
    }

    static Set<String> parseRoles(String text, String where) {
        Set<String> roles = new LinkedHashSet<>();
        for (String role : text.split(",")) {
            String r = role.strip();
            if (!Roles.ALL.contains(r)) {
                throw new IllegalArgumentException(where + "unknown role '" + r + "'; roles are "
                        + String.join(", ", Roles.ALL));
            }
            roles.add(r);
        }
        return roles;
    }

    /** Adds the user or replaces the one of the same name, keeping every other line as it was. */
    public static void put(Path file, User user) {
        List<String> lines = new ArrayList<>();
        boolean replaced = false;
        try {
            if (Files.exists(file)) {
                read(file); // refuse to rewrite a file that does not parse
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.strip().startsWith(user.name() + ":")) {
                        lines.add(user.line());
                        replaced = true;
                    } else {
                        lines.add(line);
                    }
                }
            } else {
                lines.add("# position-policy users: name:bcrypt-hash:roles (trader, risk-manager, auditor, admin)");
            }
            if (!replaced) {
                lines.add(user.line());
            }
            write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write users file " + file, e);
        }
    }

    /** Removes the user of that name, keeping every other line. */
    public static void remove(Path file, String name) {
        try {
            List<String> kept = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.strip().startsWith(name + ":"))
                    .toList();
            write(file, kept);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write users file " + file, e);
        }
    }

    /** Written atomically and readable by its owner only: it holds password hashes. */
    private static void write(Path file, List<String> lines) throws IOException {
        String text = lines.isEmpty() ? "" : String.join(System.lineSeparator(), lines) + System.lineSeparator();
        AtomicFiles.replace(file, text.getBytes(StandardCharsets.UTF_8), true);
    }
}
