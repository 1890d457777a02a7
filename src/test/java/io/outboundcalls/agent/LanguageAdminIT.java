package io.outboundcalls.agent;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import io.outboundcalls.support.TestData;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** /api/languages over HTTP: one language per code, a language a list requires stays. */
@RunningEngineTest
class LanguageAdminIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api admin;

    @BeforeEach
    void setUp() {
        admin = Api.as(port, "admin", "admin");
    }

    @Test
    void languageIsCreatedReadUpdatedAndDeleted() {
        String code = code();
        Api.Reply created = admin.post("/api/languages", "{\"name\":\"Czech\",\"code\":\"%s\"}".formatted(code));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode language = created.json();
        String id = language.get("id").asText();
        assertThat(created.location()).endsWith("/api/languages/" + id);
        assertThat(Api.as(port, "agent1", "agent1").get("/api/languages/" + id).json()).isEqualTo(language);
        assertThat(Api.as(port, "viewer", "viewer").get("/api/languages").json().findValuesAsText("code"))
                .contains(code, "en");

        Api.Reply updated = admin.put("/api/languages/" + id, "{\"name\":\"Čeština\",\"code\":\"%s\"}".formatted(code));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(admin.get("/api/languages/" + id).json().get("name").asText()).isEqualTo("Čeština");

        assertThat(admin.delete("/api/languages/" + id).status()).isEqualTo(204);
        assertProblem(admin.get("/api/languages/" + id), 404, null);
    }

    @Test
    void badLanguageIsAProblemThatNamesTheFieldAndWritesNothing() {
        String code = code();
        assertProblem(admin.post("/api/languages", "{\"name\":\"Czech\"}"), 400, "code");
        assertProblem(admin.post("/api/languages", "{\"code\":\"%s\"}".formatted(code)), 400, "name");
        assertProblem(admin.post("/api/languages", "{\"name\":\"Czech\",\"code\":\"%s\"}".formatted("c".repeat(21))),
                400, "code");
        assertProblem(admin.post("/api/languages", "{\"name\":\"English again\",\"code\":\"en\"}"), 409, "code");
        assertThat(jdbc.sql("select count(*) from language where code = :code or name = 'English again'")
                .param("code", code).query(Long.class).single()).isZero();
    }

    @Test
    void languageAListRequiresIsNotDeleted() {
        String language = admin.post("/api/languages", "{\"name\":\"Slovak\",\"code\":\"%s\"}".formatted(code()))
                .json().get("id").asText();
        TestData data = new TestData(jdbc);
        Api.Reply list = admin.post("/api/outbound-lists", "{\"name\":\"Slovak callers\",\"projectId\":\"%s\","
                .formatted(data.project("Languages", null, null, true)) + "\"languageId\":\"%s\"}".formatted(language));
        assertThat(list.status()).as(list.toString()).isEqualTo(201);

        assertProblem(admin.delete("/api/languages/" + language), 409, "outbound lists");
        assertThat(admin.get("/api/languages/" + language).status()).isEqualTo(200);
    }

    @Test
    void onlyAdministratorsWriteLanguages() {
        String code = code();
        String id = admin.post("/api/languages", "{\"name\":\"German\",\"code\":\"%s\"}".formatted(code))
                .json().get("id").asText();
        for (Api user : new Api[] {Api.as(port, "agent1", "agent1"), Api.as(port, "viewer", "viewer")}) {
            assertProblem(user.post("/api/languages", "{\"name\":\"Mine\",\"code\":\"%s-x\"}".formatted(code)), 403,
                    "camunda-admin");
            assertProblem(user.put("/api/languages/" + id, "{\"name\":\"Mine\",\"code\":\"%s\"}".formatted(code)), 403,
                    null);
            assertProblem(user.delete("/api/languages/" + id), 403, null);
        }
        assertThat(admin.get("/api/languages/" + id).json().get("name").asText()).isEqualTo("German");
        admin.delete("/api/languages/" + id);
    }

    private static String code() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
