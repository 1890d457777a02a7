package io.outboundcalls.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.EngineNode;
import io.outboundcalls.support.ScratchDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two engine nodes on one database: POST /api/config/cache/clear on one node applies the stored values on the other
 * within seconds, and until a clear, neither node's values change.
 */
class ConfigCacheClusterIT {

    static ScratchDatabase database;
    static EngineNode nodeA;
    static EngineNode nodeB;

    @BeforeAll
    static void twoNodesOnOneDatabase() throws Exception {
        database = ScratchDatabase.create("configcache");
        List<String> properties = new ArrayList<>(database.nodeProperties());
        // the nodes need not distribute calls for this test
        properties.add("--outbound.distribution.enabled=false");
        // admin/admin of the demo data: written in the default profile, and in "demo" on a database other than H2
        properties.add("--spring.profiles.active=default,demo");
        // one after the other: the first node creates the engine's schema
        nodeA = EngineNode.start("config-cache-node-a", properties);
        nodeB = EngineNode.start("config-cache-node-b", properties);
    }

    @AfterAll
    static void stopNodes() {
        for (AutoCloseable closeable : new AutoCloseable[] {nodeB, nodeA, database}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException("cleanup failed", e);
            }
        }
    }

    private static long clearGeneration() {
        return JdbcClient.create(database.dataSource())
                .sql("select generation from config_cache_generation where id = 1").query(Long.class).optional()
                .orElse(0L);
    }

    @Test
    void aCacheClearOnOneNodeAppliesTheStoredValueOnEveryNodeWithinSeconds() {
        Api adminA = Api.as(nodeA.port(), "admin", "admin");
        Api adminB = Api.as(nodeB.port(), "admin", "admin");
        assertThat(effectiveLostShiftWindow(adminA)).isEqualTo("PT4H");
        assertThat(effectiveLostShiftWindow(adminB)).isEqualTo("PT4H");

        long generationBefore = clearGeneration();
        Api.Reply stored = adminA.put("/api/config/LostShiftWindow", "{\"value\":\"PT5H\"}");
        assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
        // a stored value alone changes nothing, as in the seed: the nodes reload only when a clear counts up the
        // generation they poll, and storing does not
        assertThat(clearGeneration()).isEqualTo(generationBefore);
        assertThat(effectiveLostShiftWindow(adminA)).isEqualTo("PT4H");
        assertThat(effectiveLostShiftWindow(adminB)).isEqualTo("PT4H");

        long clearedAt = System.nanoTime();
        Api.Reply cleared = adminA.post("/api/config/cache/clear", "");

        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(effectiveLostShiftWindow(adminA)).isEqualTo("PT5H");
        Await.until("node B applies the cleared value", Duration.ofSeconds(5), () -> effectiveLostShiftWindow(adminB),
                "PT5H"::equals);
        assertThat(Duration.ofNanos(System.nanoTime() - clearedAt)).isLessThan(Duration.ofSeconds(5));
    }

    private static String effectiveLostShiftWindow(Api admin) {
        Api.Reply reply = admin.get("/api/config/LostShiftWindow");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().get("effectiveValue").asText();
    }
}
