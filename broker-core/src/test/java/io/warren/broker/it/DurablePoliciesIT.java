package io.warren.broker.it;

import io.warren.broker.testing.RestartableBroker;
import static org.assertj.core.api.Assertions.assertThat;

import io.warren.broker.policy.Policy;
import io.warren.broker.policy.PolicyStore;
import io.warren.broker.policy.PolicyValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policies are kept in the definitions journal like users and permissions, and go with their vhost. */
class DurablePoliciesIT {
    @TempDir
    Path dataDir;

    private RestartableBroker node;

    @BeforeEach
    void create() {
        node = new RestartableBroker(dataDir);
    }

    @AfterEach
    void stop() throws IOException {
        node.close();
    }

    private PolicyStore policies() {
        return node.broker().services().policies();
    }

    private void synced() throws Exception {
        node.broker().services().definitions().synced().get();
    }

    @Test
    void policiesComeBackExactlyAfterARestartAndDeletedOnesDoNot() throws Exception {
        node.start();
        node.broker().services().vhosts().create("shop");
        Policy ha = PolicyValidator.validate("/", "ha", "^ha\\.", Map.of("ha-mode", "exactly", "ha-params", 2,
                "ha-sync-mode", "automatic"), 10, "queues");
        Policy limits = PolicyValidator.validate("shop", "limits", ".*", Map.of("max-length", 1000,
                "overflow", "reject-publish"), 2.5, "all");
        Policy gone = PolicyValidator.validate("/", "gone", "x", Map.of("expires", 60000), 0, "exchanges");
        policies().put(ha);
        policies().put(limits);
        policies().put(gone);
        policies().delete("/", "gone");
        // Replaced: only the last version comes back.
        Policy replaced = PolicyValidator.validate("/", "ttl", "^t", Map.of("message-ttl", 5000), 1, "all");
        policies().put(PolicyValidator.validate("/", "ttl", "^old", Map.of("message-ttl", 1), 0, "all"));
        policies().put(replaced);
        synced();

        node.restart();

        assertThat(policies().list()).containsExactly(ha, replaced, limits);
        assertThat(policies().get("shop", "limits").orElseThrow().priority()).isEqualTo(2.5);
        assertThat(policies().effectiveForQueue("/", "ha.orders").map(Policy::name)).contains("ha");
        assertThat(policies().effectiveForQueue("/", "tmp").map(Policy::name)).contains("ttl");
    }

    @Test
    void aDeletedVhostTakesItsPoliciesWithItAndTheyStayGone() throws Exception {
        node.start();
        node.broker().services().vhosts().create("temp");
        policies().put(PolicyValidator.validate("temp", "p", ".*", Map.of("max-length", 1), 0, "all"));
        policies().put(PolicyValidator.validate("/", "keep", ".*", Map.of("max-length", 1), 0, "all"));
        node.broker().services().vhosts().delete("temp");
        assertThat(policies().list("temp")).isEmpty();
        synced();

        node.restart();

        assertThat(policies().list()).extracting(Policy::name).isEqualTo(List.of("keep"));
        node.broker().services().vhosts().create("temp");
        assertThat(policies().list("temp")).isEmpty();
    }
}
