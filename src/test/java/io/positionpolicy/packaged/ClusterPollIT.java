package io.positionpolicy.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.TestUsers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same rule change with PostgreSQL notifications off ({@code policy.cluster.notifications=false}): the replicas
 * find the new active version by their poll alone, so a lost notification is harmless.
 */
class ClusterPollIT {

    @Test
    void aRuleChangeThroughAServesOnBAndCByPollingAlone() throws Exception {
        try (ClusterHarness cluster = new ClusterHarness(Map.of("policy.cluster.notifications", "false",
                "policy.cluster.poll-interval", "2s"))) {
            cluster.start("replica-a", "replica-b", "replica-c");
            for (String id : ClusterIT.REPLICAS) {
                JsonNode ready = ClusterHarness.JSON.readTree(cluster.http.send(java.net.http.HttpRequest
                        .newBuilder(cluster.uri(id, "/q/health/ready")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                assertThat(ready.toString()).contains("\"mode\":\"database\"");
            }
            String version = ClusterIT.propagate(cluster, "poll (2 s)");
            JsonNode view = cluster.get("replica-b", "/api/v1/cluster", TestUsers.AUDITOR);
            assertThat(view.path("activeVersion").asText()).isEqualTo(version);
            ClusterHarness.await("the cluster agrees", () -> cluster.get("replica-b", "/api/v1/cluster",
                    TestUsers.AUDITOR).path("agree").asBoolean());
            for (String id : ClusterIT.REPLICAS) {
                assertThat(cluster.replicas.get(id).output()).contains("polling only");
            }
        }
    }
}
