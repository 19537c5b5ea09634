package io.positionpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar quarkus-run.jar --help} (or a misspelt command) prints the usage and starts nothing; it used to start
 * the service, on port 8080 with the working directory's data, and create an admin there on a first start.
 */
class MainArgumentsTest {

    private static String run(String[] args, Integer expected) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Main.unknownArguments(args, new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(expected);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(run(new String[] {"--help"}, 0)).startsWith("usage: java -jar quarkus-run.jar ")
                .contains("users add|remove|list").contains("rules import|export|list");
        assertThat(run(new String[] {"-h"}, 0)).startsWith("usage:");
    }

    @Test
    void aMisspeltCommandIsRefused() {
        assertThat(run(new String[] {"user", "add", "desk-7"}, 2)).startsWith("unknown command 'user'\nusage:");
    }

    @Test
    void noArgumentsOrACommandGoOn() {
        assertThat(run(new String[] {}, null)).isEmpty();
        assertThat(run(new String[] {"users", "list"}, null)).isEmpty();
        assertThat(run(new String[] {"rules", "list"}, null)).isEmpty();
    }
}
