package io.positionpolicy.packaged;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing starts open: with no users the service creates an admin and says so once, or refuses in prod. */
class FirstStartIT {
    private static final Pattern PASSWORD = Pattern.compile("shown only now\\):\\s+(\\S+)");

    @Test
    void firstStartCreatesAnAdminWhosePasswordIsPrintedOnce(@TempDir Path data) throws Exception {
        Map<String, String> settings = Map.of("policy.data-dir", data.toString(),
                "policy.security.users-file", data.resolve("users").toString());
        String password;
        try (PackagedService service = PackagedService.start(settings)) {
            int port = service.awaitPort(Duration.ofSeconds(60));
            Matcher matcher = PASSWORD.matcher(service.output());
            assertThat(matcher.find()).as(service.output()).isTrue();
            password = matcher.group(1);
            // Issue 19, item 10: the log and the README tell the same story of the default and the production run.
            String readme = Files.readString(Path.of("README.md"));
            assertThat(service.output()).doesNotContain("shared archive");
            assertThat(service.output()).contains("Profile prod activated").contains("This is the default run")
                    .contains("POLICY_SECURITY_WHEN_NO_USERS=refuse").doesNotContain("set QUARKUS_PROFILE=prod in");
            assertThat(readme).contains("Profile prod activated").contains("POLICY_SECURITY_WHEN_NO_USERS=refuse")
                    .doesNotContain("Set `QUARKUS_PROFILE=prod` in production");
            assertThat(Files.readString(data.resolve("users"))).startsWith("#").contains("admin:$2a$12$")
                    .doesNotContain(password);
            given().port(port).when().get("/api/v1/rulesets/status").then().statusCode(401);
            given().port(port).auth().preemptive().basic("admin", password)
                    .when().get("/api/v1/rulesets/status").then().statusCode(200);
        }
        try (PackagedService again = PackagedService.start(settings)) {
            int port = again.awaitPort(Duration.ofSeconds(60));
            assertThat(again.output()).doesNotContain("shown only now").doesNotContain(password);
            given().port(port).auth().preemptive().basic("admin", password)
                    .when().get("/api/v1/audit/verify").then().statusCode(200);
        }
    }

    /** The build's class-data archive fits the README's run command: the JVM accepts it and it holds our classes. */
    @Test
    void theBuildMakesAClassDataArchiveThatTheRunCommandUses() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).contains("java " + PackagedService.CLASS_DATA_ARCHIVE + " -Xmx256m -XX:+UseSerialGC -jar "
                + PackagedService.JAR);
        Process check = new ProcessBuilder("java", PackagedService.CLASS_DATA_ARCHIVE,
                "-XX:+PrintSharedArchiveAndExit", "-jar", PackagedService.JAR.toString()).redirectErrorStream(true)
                .start();
        String listing = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).isZero();
        assertThat(listing).contains("archive is valid").doesNotContain("archive is invalid")
                .contains("io.positionpolicy.evaluation.Evaluator").contains("org.drools.core.phreak.RuleExecutor")
                .contains("io.quarkus.runtime.Application");
    }

    @Test
    void aProductionRunRefusesToStartWithoutUsers(@TempDir Path data) throws Exception {
        try (PackagedService service = PackagedService.start(Map.of("policy.data-dir", data.toString(),
                "policy.security.users-file", data.resolve("users").toString(),
                "policy.security.when-no-users", "refuse"))) {
            assertThat(service.awaitExit(Duration.ofSeconds(60))).isNotZero();
            assertThat(service.output()).contains("no users in").contains("users add")
                    .doesNotContain("Listening on");
            assertThat(data.resolve("users")).doesNotExist();
        }
    }

    @Test
    void theProdProfileRefusesToStartWithoutUsers(@TempDir Path data) throws Exception {
        try (PackagedService service = PackagedService.start(Map.of("policy.data-dir", data.toString(),
                "policy.security.users-file", data.resolve("users").toString(), "quarkus.profile", "prod"))) {
            int exit = service.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).isNotZero();
            assertThat(service.output()).contains("no users in").contains("users add")
                    .doesNotContain("Listening on");
            assertThat(data.resolve("users")).doesNotExist();
        }
    }
}
