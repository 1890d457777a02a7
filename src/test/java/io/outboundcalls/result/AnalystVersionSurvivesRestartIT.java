package io.outboundcalls.result;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.Deployments;
import io.outboundcalls.support.EngineNode;
import io.outboundcalls.support.ScratchDatabase;
import org.junit.jupiter.api.Test;

/**
 * The engine deploys its bundled models on start only when a file changed: a newer version an analyst deployed from
 * Camunda Modeler stays the latest across a restart.
 */
class AnalystVersionSurvivesRestartIT {

    @Test
    void restartKeepsTheAnalystsVersionOfTheTableAsTheLatest() throws Exception {
        try (ScratchDatabase database = ScratchDatabase.create("restart")) {
            String bundled = Deployments.bundled("dmn/call-result-mapping.dmn");
            try (EngineNode first = EngineNode.start("restart-node-first", database.nodeProperties())) {
                Api admin = Api.as(first.port(), "admin", "admin");
                assertThat(latestVersion(admin, "decision-definition", "callResultMapping")).isEqualTo(1);
                String changed = bundled.replace("<text>\"PT15M\"</text>", "<text>\"PT20M\"</text>");
                assertThat(changed).isNotEqualTo(bundled);
                assertThat(Deployments.deploy(admin, "analyst change", "call-result-mapping.dmn", changed).status())
                        .isEqualTo(200);
                assertThat(latestVersion(admin, "decision-definition", "callResultMapping")).isEqualTo(2);
            }
            try (EngineNode second = EngineNode.start("restart-node-second", database.nodeProperties())) {
                Api admin = Api.as(second.port(), "admin", "admin");
                assertThat(latestVersion(admin, "decision-definition", "callResultMapping"))
                        .as("the unchanged bundled file is not deployed again").isEqualTo(2);
                assertThat(latestVersion(admin, "process-definition", "outboundCall")).isEqualTo(1);
                String latestId = admin.get("/engine-rest/decision-definition/key/callResultMapping").json()
                        .get("id").asText();
                assertThat(admin.get("/engine-rest/decision-definition/" + latestId + "/xml").json()
                        .get("dmnXml").asText()).contains("\"PT20M\"");
            }
        }
    }

    private static int latestVersion(Api admin, String resource, String key) {
        return admin.get("/engine-rest/" + resource + "?key=" + key + "&latestVersion=true&firstResult=0&maxResults=10").json().get(0)
                .get("version").asInt();
    }
}
