package io.positionpolicy.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second instance started on the data directory of a running one is told so. It used to fail with H2's own advice,
 * "Database may be already in use … use the server mode", wrapped by Flyway, which names neither the service nor the
 * setting to change.
 */
class StoreInUseTest {

    /** Run in a child JVM: opens the embedded store of {@code args[0]}, says so, and holds it until stdin closes. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (AuditDatabase db = AuditDatabase.open(AuditDatabase.h2Url(Path.of(args[0])), null, null, 2,
                    Duration.ofSeconds(10))) {
                System.out.println("open");
                System.out.flush();
                System.in.read();
            }
        }
    }

    @Test
    void anEmbeddedStoreOpenInAnotherProcessIsNamedAsSuch(@TempDir Path data) throws Exception {
        Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), data.toString()))
                .redirectErrorStream(true).start();
        try {
            java.io.BufferedReader lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder said = new StringBuilder();
            String line;
            do {
                line = lines.readLine(); // its log lines, then "open"
                said.append(line).append('\n');
            } while (line != null && !line.equals("open"));
            assertThat(line).as("the child opened the store:\n%s", said).isEqualTo("open");
            assertThatThrownBy(() -> AuditDatabase.open(AuditDatabase.h2Url(data), null, null, 2,
                    Duration.ofSeconds(10)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another process has it open, most likely another instance of the service")
                    .hasMessageContaining("policy.data-dir (POLICY_DATA_DIR)");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
    }
}
