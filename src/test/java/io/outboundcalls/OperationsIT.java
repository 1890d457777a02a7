package io.outboundcalls;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What operators rely on: health, metrics, Cockpit, the engine REST API and the OpenAPI page. */
@RunningEngineTest
class OperationsIT {

    @LocalServerPort
    int port;

    @Test
    void healthIsUpWithoutCredentials() {
        Api.Reply health = Api.anonymous(port).get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void prometheusScrapesJvmAndHttpMetrics() {
        Api.Reply metrics = Api.anonymous(port).get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void everyLifecycleMetricHasItsSeriesWhetherOrNotItsEventHappenedYet() {
        String metrics = Api.anonymous(port).get("/actuator/prometheus").body();
        assertThat(metrics).contains("outbound_calls{", "outbound_pbx_events_received_total",
                "outbound_pbx_events_duplicates_total", "outbound_pbx_events_lag_seconds_count",
                "outbound_pbx_events_parked", "outbound_pbx_events_unstored", "outbound_distribution_offers_total",
                "outbound_process_starts_total");
        Map<String, List<String>> outcomes = Map.of(
                "outbound_pbx_events_handled_total", List.of("Moved", "Stale", "Ignored", "Expired"),
                "outbound_pbx_reconciled_total", List.of("lost", "ended", "stray", "handedOver"),
                "outbound_pbx_dials_total", List.of("sent", "rejected", "retried", "failed"));
        outcomes.forEach((name, values) -> values.forEach(outcome -> assertThat(metrics.lines()
                .anyMatch(line -> line.startsWith(name + "{") && line.contains("outcome=\"" + outcome + "\"")))
                .as("a series of %s with outcome %s", name, outcome).isTrue()));
    }

    @Test
    void everyEngineMetricSaysWhatItMeasures() {
        List<String> help = Api.anonymous(port).get("/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith("# HELP outbound_"))
                .toList();
        assertThat(help).as("the engine's own meters").hasSizeGreaterThanOrEqualTo(10);
        // an operator reads the HELP line in Prometheus and Grafana; a meter without a description shows a blank
        assertThat(help).allSatisfy(line -> assertThat(line.split(" ", 4))
                .as(line).hasSize(4)
                .satisfies(parts -> assertThat(parts[3]).isNotBlank()));
    }

    @Test
    void cockpitAndTasklistAreServed() {
        Api.Reply cockpit = Api.anonymous(port).get("/camunda/app/cockpit/default/");
        assertThat(cockpit.status()).isEqualTo(200);
        assertThat(cockpit.body()).contains("Cockpit");
        assertThat(Api.anonymous(port).get("/camunda/app/tasklist/default/").status()).isEqualTo(200);
    }

    @Test
    void engineRestListsTheDeployedModelsForAnAdministrator() {
        Api.Reply definitions = Api.as(port, "admin", "admin").get("/engine-rest/process-definition?key=outboundCall&firstResult=0&maxResults=100");
        assertThat(definitions.status()).isEqualTo(200);
        assertThat(definitions.json()).isNotEmpty();
        Api.Reply decisions = Api.as(port, "admin", "admin")
                .get("/engine-rest/decision-definition?key=callResultMapping&firstResult=0&maxResults=100");
        assertThat(decisions.json()).isNotEmpty();
    }

    @Test
    void engineRestLetsAgentsReadButOnlyAdministratorsChangeTheEngine() {
        assertThat(Api.anonymous(port).get("/engine-rest/engine").status()).isEqualTo(401);
        assertThat(Api.as(port, "agent1", "agent1").get("/engine-rest/process-definition/count").status())
                .isEqualTo(200);
        Api.Reply deploy = Api.as(port, "agent1", "agent1").send("POST", "/engine-rest/deployment/create",
                "multipart/form-data; boundary=x", "--x--\r\n");
        assertThat(deploy.status()).isEqualTo(403);
        assertThat(deploy.contentType()).startsWith("application/problem+json");
    }

    @Test
    void openApiDescribesTheCallsApi() {
        Api.Reply docs = Api.anonymous(port).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/calls")).isTrue();
        assertThat(Api.anonymous(port).get("/swagger-ui/index.html").status()).isEqualTo(200);
    }
}
