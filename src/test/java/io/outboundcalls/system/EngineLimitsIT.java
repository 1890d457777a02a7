package io.outboundcalls.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The engine's own limits: an engine user's query returns at most 1000 rows (queryMaxResultsLimit), and history is
 * cleaned up only in the nightly window 01:00-05:00.
 */
@RunningEngineTest
class EngineLimitsIT {

    @LocalServerPort
    int port;

    @Test
    void aQueryOfALoggedInUserMayNotAskForMoreThanAThousandRows() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(uri("/camunda/app/cockpit/default/")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        String token = page.headers().firstValue("X-XSRF-TOKEN").orElseThrow();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(
                        uri("/camunda/api/admin/auth/user/default/login/cockpit"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=admin")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);

        HttpResponse<String> page1000 = browser.send(HttpRequest.newBuilder(
                uri("/camunda/api/engine/engine/default/history/process-instance?firstResult=0&maxResults=1000"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> page1001 = browser.send(HttpRequest.newBuilder(
                uri("/camunda/api/engine/engine/default/history/process-instance?firstResult=0&maxResults=1001"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unbounded = browser.send(HttpRequest.newBuilder(
                uri("/camunda/api/engine/engine/default/history/process-instance")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page1000.statusCode()).as(page1000.body()).isEqualTo(200);
        assertThat(page1001.statusCode()).as(page1001.body()).isEqualTo(400);
        assertThat(page1001.body()).contains("Max results limit of 1000 exceeded");
        assertThat(unbounded.statusCode()).as(unbounded.body()).isEqualTo(400);
        assertThat(unbounded.body()).contains("unbound number of results is forbidden");
    }

    @Test
    void historyIsCleanedUpOnlyAtNight() {
        Api.Reply reply = Api.as(port, "admin", "admin").get("/engine-rest/history/cleanup/configuration");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode window = reply.json();
        assertThat(window.get("batchWindowStartTime").asText()).contains("T01:00:00");
        assertThat(window.get("batchWindowEndTime").asText()).contains("T05:00:00");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
