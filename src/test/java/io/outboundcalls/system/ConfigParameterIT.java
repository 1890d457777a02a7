package io.outboundcalls.system;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** /api/config over HTTP: as in the seed, a stored value takes effect only once the cache is cleared. */
@RunningEngineTest
class ConfigParameterIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api admin;
    Optional<String> storedBefore;

    @BeforeEach
    void rememberTheStoredValue() {
        admin = Api.as(port, "admin", "admin");
        storedBefore = jdbc.sql("select config_value from config_parameter where name = 'LostShiftWindow'")
                .query(String.class).optional();
        // start from a cache that holds what is stored
        assertThat(admin.post("/api/config/cache/clear", "").status()).isEqualTo(200);
    }

    @AfterEach
    void restoreTheStoredValue() {
        jdbc.sql("delete from config_parameter where name = 'LostShiftWindow'").update();
        storedBefore.ifPresent(value -> jdbc.sql(
                        "insert into config_parameter (name, config_value) values ('LostShiftWindow', :value)")
                .param("value", value).update());
        admin.post("/api/config/cache/clear", "");
    }

    @Test
    void listShowsEveryParameterWithItsStoredAndEffectiveValue() {
        Api.Reply reply = admin.get("/api/config");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().findValuesAsText("name"))
                .contains("PrivateCallsOnBarAction", "PrivateCallsOnWebAction", "LostShiftWindow", "UnifiedQueue");
        JsonNode web = parameter(reply.json(), "PrivateCallsOnWebAction");
        assertThat(web.get("defaultValue").asText()).isEqualTo("false");
        assertThat(web.has("value")).isTrue();
        assertThat(web.has("effectiveValue")).isTrue();
    }

    @Test
    void changedValueTakesEffectOnlyAfterTheCacheIsCleared() {
        String effective = effectiveLostShiftWindow();
        String changed = effective.equals("PT5H") ? "PT6H" : "PT5H";

        Api.Reply put = admin.put("/api/config/lostshiftwindow", "{\"value\":\"%s\"}".formatted(changed.toLowerCase()));

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("name").asText()).isEqualTo("LostShiftWindow");
        assertThat(put.json().get("value").asText()).as("stored, normalized").isEqualTo(changed);
        assertThat(put.json().get("effectiveValue").asText()).isEqualTo(effective);
        JsonNode listed = parameter(admin.get("/api/config").json(), "LostShiftWindow");
        assertThat(listed.get("value").asText()).isEqualTo(changed);
        assertThat(listed.get("effectiveValue").asText()).as("not before the cache is cleared").isEqualTo(effective);

        Api.Reply cleared = admin.post("/api/config/cache/clear", "");

        assertThat(cleared.status()).isEqualTo(200);
        assertThat(parameter(cleared.json(), "LostShiftWindow").get("effectiveValue").asText()).isEqualTo(changed);
        assertThat(effectiveLostShiftWindow()).isEqualTo(changed);
    }

    @Test
    void badValueIsAProblemThatNamesTheValueAndStoresNothing() {
        JsonNode before = admin.get("/api/config/LostShiftWindow").json();

        assertProblem(admin.put("/api/config/LostShiftWindow", "{\"value\":\"four hours\"}"), 400, "value");
        assertProblem(admin.put("/api/config/LostShiftWindow", "{\"value\":\"-PT1H\"}"), 400, "value");
        assertProblem(admin.put("/api/config/LostShiftWindow", "{}"), 400, "value");
        assertProblem(admin.put("/api/config/UnifiedQueue", "{\"value\":\"yes\"}"), 400, "value");

        assertThat(admin.get("/api/config/LostShiftWindow").json()).isEqualTo(before);
    }

    @Test
    void unknownParameterIsNotFound() {
        assertProblem(admin.put("/api/config/NoSuchParameter", "{\"value\":\"true\"}"), 404, "NoSuchParameter");
        assertProblem(admin.get("/api/config/NoSuchParameter"), 404, null);
    }

    @Test
    void onlyAdministratorsReadAndChangeTheConfiguration() {
        JsonNode before = admin.get("/api/config/LostShiftWindow").json();
        for (Api user : new Api[] {Api.as(port, "agent1", "agent1"), Api.as(port, "viewer", "viewer")}) {
            assertProblem(user.get("/api/config"), 403, "camunda-admin");
            assertProblem(user.put("/api/config/LostShiftWindow", "{\"value\":\"PT1H\"}"), 403, null);
            assertProblem(user.post("/api/config/cache/clear", ""), 403, null);
        }
        assertThat(admin.get("/api/config/LostShiftWindow").json()).isEqualTo(before);
        assertThat(Api.anonymous(port).get("/api/config").status()).isEqualTo(401);
    }

    private String effectiveLostShiftWindow() {
        return parameter(admin.get("/api/config").json(), "LostShiftWindow").get("effectiveValue").asText();
    }

    private static JsonNode parameter(JsonNode list, String name) {
        for (JsonNode parameter : list) {
            if (parameter.get("name").asText().equals(name)) {
                return parameter;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + list);
    }
}
