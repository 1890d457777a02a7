package io.outboundcalls.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * LostShiftWindow ("the interval in which outbound calls may be made for lost calls") applies to every lost-call
 * callback however it entered (POST /api/callbacks, a row written by SQL, a CSV import), counted from the moment the
 * call was lost, also while the call waits in Manual. Proved by the timer's due date, not by waiting for it.
 */
@RunningEngineTest
class LostShiftWindowOnEveryPathIT {

    static final Duration WINDOW = Duration.ofHours(1);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    IntakeFixtures fixtures;
    UUID project;
    UUID list;
    Api admin;

    @BeforeEach
    void aManuallyScheduledProjectAndAOneHourWindow() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        project = fixtures.project("Lost shift", true, false, null);
        list = fixtures.list(project, "Running");
        fixtures.setConfig("LostShiftWindow", WINDOW.toString());
        fixtures.clearConfigCache();
        admin = Api.as(port, "admin", "admin");
    }

    @AfterEach
    void theDefaultWindowIsBack() {
        fixtures.setConfig("LostShiftWindow", "PT4H");
        fixtures.clearConfigCache();
        fixtures.close();
    }

    @Test
    void aCallbackFromTheApiWaitsInManualUntilTheWindowFromTheLossEnds() {
        OffsetDateTime lostAt = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(10).truncatedTo(ChronoUnit.SECONDS);

        Api.Reply reply = admin.post("/api/callbacks", "{\"number\":\"00420724123456\",\"outboundListId\":\"" + list
                + "\",\"source\":\"LostShift\",\"lostAt\":\"" + lostAt + "\"}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        UUID call = UUID.fromString(reply.json().get("id").asText());
        assertThat(fixtures.phase(call)).isEqualTo("Manual");
        assertThat(timerDueOf(call)).isEqualTo(lostAt.plus(WINDOW).toInstant());
    }

    @Test
    void aRowWrittenBySqlCountsItsWindowFromTheMomentItWasWritten() {
        UUID call = UUID.randomUUID();
        OffsetDateTime lostAt = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(20).truncatedTo(ChronoUnit.SECONDS);
        jdbc.sql("""
                insert into outbound_call (id, call_type, call_phase, number, outbound_list_id, origin, created_at,
                    updated_at)
                values (:id, 'Callback', 'Manual', '+420724555124', :list, 'LostShift', :lostAt, :lostAt)
                """).param("id", call).param("list", list).param("lostAt", lostAt).update();

        Await.until("the row taken up", Duration.ofSeconds(20), () -> fixtures.row(call).get("process_instance_id"),
                instance -> instance != null);

        assertThat(fixtures.phase(call)).isEqualTo("Manual");
        assertThat(timerDueOf(call)).isEqualTo(lostAt.plus(WINDOW).toInstant());
    }

    @Test
    void aRowLostLongerAgoThanTheWindowIsNeglected() {
        UUID call = UUID.randomUUID();
        OffsetDateTime lostAt = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2);
        jdbc.sql("""
                insert into outbound_call (id, call_type, call_phase, number, outbound_list_id, origin, created_at,
                    updated_at)
                values (:id, 'Callback', 'Manual', '+420724555125', :list, 'LostShift', :lostAt, :lostAt)
                """).param("id", call).param("list", list).param("lostAt", lostAt).update();

        Await.until("the expired callback neglected", Duration.ofSeconds(30), () -> fixtures.result(call),
                "Neglected"::equals);
    }

    @Test
    void aCsvOfLostCallsMakesLostShiftCallbacksWithTheWindowFromTheImport() {
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        Api.Reply reply = admin.send("POST", "/api/outbound-lists/" + list + "/calls/import?source=LostShift",
                "text/csv", "number,callKey\n00420724123457,lost-" + list.toString().substring(0, 8) + "\n");
        OffsetDateTime after = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(1);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("imported").asLong()).isEqualTo(1);
        UUID call = jdbc.sql("select id from outbound_call where outbound_list_id = :list").param("list", list)
                .query(UUID.class).single();
        assertThat(fixtures.row(call).get("call_type")).isEqualTo("Callback");
        assertThat(fixtures.row(call).get("origin")).isEqualTo("LostShift");
        Await.until("the row taken up", Duration.ofSeconds(20), () -> fixtures.row(call).get("process_instance_id"),
                instance -> instance != null);
        assertThat(timerDueOf(call)).isBetween(before.plus(WINDOW).toInstant(), after.plus(WINDOW).toInstant());
    }

    @Test
    void lostAtIsRefusedInTheFutureAndForIvrCallbacks() {
        String future = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString();
        io.outboundcalls.support.Problems.assertProblem(admin.post("/api/callbacks", "{\"number\":\"00420724123456\","
                + "\"outboundListId\":\"" + list + "\",\"source\":\"LostShift\",\"lostAt\":\"" + future + "\"}"),
                400, "lostAt");
        io.outboundcalls.support.Problems.assertProblem(admin.post("/api/callbacks", "{\"number\":\"00420724123456\","
                + "\"outboundListId\":\"" + list + "\",\"source\":\"Ivr\",\"lostAt\":\"" + future + "\"}"),
                400, "lostAt");
    }

    /** The due date of the call's one timer job: the end of its lost-shift window. */
    private java.time.Instant timerDueOf(UUID call) {
        String instance = (String) fixtures.row(call).get("process_instance_id");
        return jdbc.sql("select duedate_ from act_ru_job where process_instance_id_ = :pi and type_ = 'timer'")
                .param("pi", instance).query(java.sql.Timestamp.class).single().toInstant();
    }
}
