package io.positionpolicy.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file and its command: hashed passwords only, clear errors with line numbers, changes without restart. */
class UsersFileTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int users(String stdin, String... args) {
        return new UsersCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    @Test
    void addStoresABcryptHashReadableByTheOwnerOnly() throws Exception {
        Path file = dir.resolve("users");
        assertThat(users("correct-horse-battery\n", "add", "alice", "--roles", "trader,auditor", "--password-stdin",
                "--file", file.toString())).isZero();

        String text = Files.readString(file);
        assertThat(text).contains("alice:$2a$12$").doesNotContain("correct-horse-battery");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        UsersFile.User alice = UsersFile.read(file).get(0);
        assertThat(alice.roles()).containsExactlyInAnyOrder("trader", "auditor");
        assertThat(Passwords.matches("correct-horse-battery", alice.passwordHash())).isTrue();
        assertThat(Passwords.matches("correct-horse-batterY", alice.passwordHash())).isFalse();
    }

    @Test
    void addReplacesAUserAndRemoveDeletesOne() {
        Path file = dir.resolve("users");
        users("first-password-1\n", "add", "bob", "--roles", "trader", "--password-stdin", "--file", file.toString());
        users("other-password-2\n", "add", "carol", "--roles", "admin", "--password-stdin", "--file", file.toString());
        users("second-password-3\n", "add", "bob", "--roles", "risk-manager", "--password-stdin", "--file",
                file.toString());
        assertThat(UsersFile.read(file)).extracting(UsersFile.User::name).containsExactly("bob", "carol");
        UsersFile.User bob = UsersFile.read(file).get(0);
        assertThat(bob.roles()).containsExactly("risk-manager");
        assertThat(Passwords.matches("second-password-3", bob.passwordHash())).isTrue();

        assertThat(users("", "remove", "bob", "--file", file.toString())).isZero();
        assertThat(UsersFile.read(file)).extracting(UsersFile.User::name).containsExactly("carol");
        assertThat(users("", "list", "--file", file.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("carol  admin");
    }

    @Test
    void refusesUnknownRolesShortPasswordsAndBadNames() {
        Path file = dir.resolve("users");
        assertThat(users("long-enough-pass\n", "add", "dan", "--roles", "boss", "--password-stdin", "--file",
                file.toString())).isEqualTo(1);
        assertThat(users("short\n", "add", "dan", "--roles", "trader", "--password-stdin", "--file",
                file.toString())).isEqualTo(1);
        assertThat(users("long-enough-pass\n", "add", "dan:x", "--roles", "trader", "--password-stdin", "--file",
                file.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown role 'boss'")
                .contains("at least 12 characters").contains("a user name is");
        assertThat(file).doesNotExist();
    }

    @Test
    void aMalformedLineIsNamedByFileAndLine() throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "# users\n\nalice:plain-text-password:trader\n");
        assertThatThrownBy(() -> UsersFile.read(file)).hasMessageContaining(file + ":3:")
                .hasMessageContaining("bcrypt hash");
        Files.writeString(file, "alice:" + Passwords.hash("some-password-1") + ":trader,root\n");
        assertThatThrownBy(() -> UsersFile.read(file)).hasMessageContaining(":1:").hasMessageContaining("'root'");
    }

    @Test
    void theDirectorySeesChangesToTheFileAndKeepsTheLastGoodUsersOnABadEdit() throws Exception {
        Path file = dir.resolve("users");
        UsersFile.put(file, new UsersFile.User("erin", Passwords.hash("erin-password-1"), java.util.Set.of("trader")));
        UserDirectory directory = new UserDirectory(file, Duration.ofMinutes(10), Duration.ZERO); // look every time
        assertThat(directory.authenticate("erin", "erin-password-1")).isPresent();
        assertThat(directory.authenticate("erin", "wrong-password")).isEmpty();
        assertThat(directory.authenticate("frank", "frank-password-1")).isEmpty();

        UsersFile.put(file, new UsersFile.User("frank", Passwords.hash("frank-password-1"), java.util.Set.of("auditor")));
        touchLater(file, 5);
        assertThat(directory.authenticate("frank", "frank-password-1")).get()
                .extracting(UsersFile.User::roles).isEqualTo(java.util.Set.of("auditor"));

        Files.writeString(file, "frank:broken\n");
        touchLater(file, 10);
        assertThat(directory.authenticate("frank", "frank-password-1")).isPresent();
        assertThat(directory.size()).isEqualTo(2);
    }

    @Test
    void aClientOpeningManyConnectionsAtOnceCostsOneBcryptCheck() throws Exception {
        Path file = dir.resolve("users");
        UsersFile.put(file, new UsersFile.User("gina", Passwords.hash("gina-password-1"), java.util.Set.of("trader")));
        UserDirectory directory = new UserDirectory(file, Duration.ofMinutes(10));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(64);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<java.util.Optional<UsersFile.User>>> answers =
                    new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return directory.authenticate("gina", "gina-password-1");
                }));
            }
            start.countDown();
            for (var answer : answers) {
                assertThat(answer.get()).isPresent();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(directory.slowChecks()).isEqualTo(1);
        assertThat(directory.authenticate("gina", "not-her-password")).isEmpty();
        assertThat(directory.slowChecks()).isEqualTo(2);
    }

    private static void touchLater(Path file, int seconds) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(seconds)));
    }
}
