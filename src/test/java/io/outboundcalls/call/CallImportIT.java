package io.outboundcalls.call;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * POST /api/outbound-lists/{id}/calls/import over HTTP: good rows are written as project calls of the list (durable
 * and listed at once, their process instances started in the background), bad rows are reported by line, a re-import
 * makes no duplicates. The lists are Paused, so no agent takes the calls while the test looks at them.
 */
@RunningEngineTest
class CallImportIT {

    static final String CSV = "text/csv";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    IntakeFixtures fixtures;
    UUID project;
    UUID list;
    UUID importingAgent;
    Api importer;

    @BeforeEach
    void aPausedListAndAnAgentWithAllowWrite() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        project = fixtures.project("Import");
        list = fixtures.list(project, "Paused");
        importingAgent = fixtures.agent(project);
        importer = fixtures.as(importingAgent);
    }

    @AfterEach
    void agentsGoOffline() {
        fixtures.close();
    }

    Api.Reply importCsv(String csv) {
        return importer.send("POST", "/api/outbound-lists/" + list + "/calls/import", CSV, csv);
    }

    List<Map<String, Object>> callsOfList() {
        return jdbc.sql("select * from outbound_call where outbound_list_id = :list order by call_key")
                .param("list", list).query().listOfRows();
    }

    @Test
    void goodRowsAreWrittenAndEachBadRowIsReportedWithItsLine() {
        UUID unknownLanguage = UUID.randomUUID();
        Api.Reply reply = importCsv("""
                number,callKey,scheduleTime,priority,languageId
                00420724123456,imp-1,2030-01-02T09:30:00+01:00,7,
                +420 724 123 457,imp-2,,,
                not-a-number,imp-3,,,
                724123458,%s,,,
                00420724123459,imp-5,tomorrow,,
                00420724123460,imp-6,,high,
                00420724123461,imp-7,,,%s
                00420724123462,imp-8
                00420724123463,imp-9,,,
                """.formatted("k".repeat(49), unknownLanguage));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode report = reply.json();
        assertThat(report.get("imported").asLong()).isEqualTo(3);
        assertThat(report.get("duplicates").asLong()).isZero();
        assertThat(report.get("rejectedCount").asLong()).isEqualTo(6);
        assertThat(report.get("rejected")).extracting(r -> r.get("line").asLong()).containsExactly(4L, 5L, 6L, 7L, 8L,
                9L);
        assertThat(report.get("rejected").get(0).get("reason").asText()).startsWith("number:").contains("not-a-number");
        assertThat(report.get("rejected").get(1).get("reason").asText()).startsWith("callKey:").contains("49");
        assertThat(report.get("rejected").get(2).get("reason").asText()).startsWith("scheduleTime:").contains("tomorrow");
        assertThat(report.get("rejected").get(3).get("reason").asText()).startsWith("priority:").contains("high");
        assertThat(report.get("rejected").get(4).get("reason").asText()).startsWith("languageId:")
                .contains(unknownLanguage.toString());
        assertThat(report.get("rejected").get(5).get("reason").asText()).contains("2 cells").contains("5 columns");

        assertThat(callsOfList()).extracting(c -> c.get("call_key"), c -> c.get("number"), c -> c.get("priority"),
                c -> c.get("call_type"), c -> c.get("call_phase"), c -> c.get("call_result"), c -> c.get("origin"))
                .containsExactly(
                        tuple("imp-1", "+420724123456", 7, "Project", "Enqueue", "Scheduled", "Csv"),
                        tuple("imp-2", "+420724123457", 5, "Project", "Enqueue", "Scheduled", "Csv"),
                        tuple("imp-9", "+420724123463", 5, "Project", "Enqueue", "Scheduled", "Csv"));
        assertThat(callsOfList().get(0).get("project_id")).isEqualTo(project);
    }

    @Test
    void importedRowsAreListedAtOnceAndGetTheirProcessInstanceInTheBackground() {
        Api.Reply reply = importCsv("number,callKey\n00420724123456,bg-1\n00420724123457,bg-2\n");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);

        Api.Reply listed = importer.get("/api/calls?outboundListId=" + list);
        assertThat(listed.json().get("totalElements").asLong()).isEqualTo(2);

        Await.until("process instances of the imported calls", Duration.ofSeconds(30), this::callsOfList,
                calls -> calls.stream().allMatch(c -> c.get("process_instance_id") != null
                        && "Enqueue".equals(c.get("process_phase"))));
        for (Map<String, Object> call : callsOfList()) {
            Api.Reply read = importer.get("/api/calls/" + call.get("id"));
            assertThat(read.json().get("processInstanceId").asText()).isNotBlank();
            assertThat(read.json().get("callPhase").asText()).isEqualTo("Enqueue");
        }
    }

    @Test
    void reImportingTheSameRowsCountsThemAsDuplicatesAndWritesNothing() {
        String csv = "number,callKey\n00420724123456,dup-1\n00420724123457,dup-2\n00420724123458,\n";
        JsonNode first = importCsv(csv).json();
        assertThat(first.get("imported").asLong()).isEqualTo(3);

        JsonNode again = importCsv(csv).json();

        assertThat(again.get("imported").asLong()).as("the row without a CallKey is a new call each time").isEqualTo(1);
        assertThat(again.get("duplicates").asLong()).isEqualTo(2);
        assertThat(again.get("rejected")).isEmpty();
        assertThat(callsOfList()).hasSize(4);
    }

    @Test
    void aCallKeyRepeatedInTheFileKeepsItsFirstRow() {
        JsonNode report = importCsv("number,callKey\n00420724123456,twice\n00420724123457,twice\n").json();

        assertThat(report.get("imported").asLong()).isEqualTo(1);
        assertThat(report.get("duplicates").asLong()).isEqualTo(1);
        assertThat(callsOfList()).singleElement().satisfies(c -> assertThat(c.get("number")).isEqualTo("+420724123456"));
    }

    @Test
    void aCallKeyTheListHasFromTheApiIsADuplicateAndPostingItAgainIsAConflict() {
        Api.Reply created = importer.post("/api/calls", "{\"number\":\"00420724123456\",\"outboundListId\":\"" + list
                + "\",\"callKey\":\"api-1\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        JsonNode report = importCsv("number,callKey\n00420724123457,api-1\n").json();
        Api.Reply postedAgain = importer.post("/api/calls", "{\"number\":\"00420724123458\",\"outboundListId\":\""
                + list + "\",\"callKey\":\"api-1\"}");

        assertThat(report.get("duplicates").asLong()).isEqualTo(1);
        assertThat(report.get("imported").asLong()).isZero();
        assertProblem(postedAgain, 409, "api-1");
        assertThat(callsOfList()).hasSize(1);
    }

    @Test
    void columnNamesAreCaseInsensitiveAndASemicolonSeparatedFileWithAByteOrderMarkIsRead() {
        Api.Reply reply = importCsv("\uFEFFNUMBER;CallKey;TIMEFROM;timeto\n"
                + "00420724123456;semi-1;2030-01-02T09:00:00+01:00;2030-01-02T17:00:00+01:00\n");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("imported").asLong()).isEqualTo(1);
        Map<String, Object> call = callsOfList().get(0);
        assertThat(call.get("call_key")).isEqualTo("semi-1");
        assertThat(call.get("time_from")).isNotNull();
        assertThat(call.get("time_to")).isNotNull();
    }

    @Test
    void referencesResolveByTheEditorsRules() {
        UUID language = fixtures.language("Import language");
        UUID contact = fixtures.contact("Jana Import");
        UUID otherContact = fixtures.contact("Petr Import");
        UUID issue = fixtures.issue(project, language, contact);
        UUID message = fixtures.message(issue, otherContact);
        UUID phone = fixtures.phoneNumber(contact, "+420724123456");

        Api.Reply reply = importCsv("""
                number,callKey,issueKey,contactKey,messageId,phoneNumberId,issueId
                00420724123456,ref-1,%s,,,%s,
                00420724123457,ref-2,,%s,,,
                00420724123458,ref-3,,,%s,,
                00420724123459,ref-4,no-such-case,,,,
                00420724123460,ref-5,,,,,%s
                """.formatted(fixtures.issueKey(issue), phone, fixtures.contactKey(otherContact), message,
                UUID.randomUUID()));

        JsonNode report = reply.json();
        assertThat(report.get("imported").asLong()).as(reply.toString()).isEqualTo(3);
        assertThat(report.get("rejected")).extracting(r -> r.get("line").asLong()).containsExactly(5L, 6L);
        assertThat(report.get("rejected").get(0).get("reason").asText())
                .isEqualTo("issueKey: no case with key 'no-such-case'");
        assertThat(report.get("rejected").get(1).get("reason").asText()).startsWith("issueId: no case with id");
        List<Map<String, Object>> calls = callsOfList();
        assertThat(calls).extracting(c -> c.get("call_key"), c -> c.get("issue_id"), c -> c.get("contact_id"),
                c -> c.get("language_id"), c -> c.get("phone_number_id"), c -> c.get("message_id"))
                .containsExactly(
                        tuple("ref-1", issue, contact, language, phone, null),
                        tuple("ref-2", null, otherContact, null, null, null),
                        tuple("ref-3", issue, otherContact, language, null, message));
    }

    @Test
    void predistWithoutAgentIdGoesToTheImportingAgentAndAnotherAgentIsASupervisorsBusiness() {
        UUID other = fixtures.agent(project);
        JsonNode report = importCsv("number,callKey,predist,agentId\n00420724123456,pre-1,true,\n"
                + "00420724123457,pre-2,true," + other + "\n00420724123458,pre-3,maybe,\n").json();

        assertThat(report.get("imported").asLong()).isEqualTo(1);
        assertThat(report.get("rejected")).extracting(r -> r.get("reason").asText().split(":")[0])
                .containsExactly("agentId", "predist");
        List<Map<String, Object>> calls = callsOfList();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).get("predistributed")).isEqualTo(true);
        assertThat(calls.get(0).get("agent_id")).isEqualTo(importingAgent);

        importer = fixtures.as(fixtures.supervisor(project));
        JsonNode bySupervisor = importCsv("number,callKey,predist,agentId\n00420724123457,pre-2,true," + other
                + "\n").json();

        assertThat(bySupervisor.get("imported").asLong()).isEqualTo(1);
        assertThat(callsOfList()).extracting(c -> c.get("agent_id")).containsExactly(importingAgent, other);
    }

    @Test
    void rowsNamingAnotherListOrProjectAreRejected() {
        UUID otherProject = fixtures.project("Other import");
        UUID otherList = fixtures.list(otherProject, "Paused");
        JsonNode report = importCsv("number,outboundListId,projectId\n00420724123456," + list + "," + project + "\n"
                + "00420724123457," + otherList + ",\n00420724123458,," + otherProject + "\n").json();

        assertThat(report.get("imported").asLong()).isEqualTo(1);
        assertThat(report.get("rejected")).extracting(r -> r.get("reason").asText().split(":")[0])
                .containsExactly("outboundListId", "projectId");
    }

    @Test
    void aManualSchedulingProjectsRowsWaitInManual() {
        UUID manual = fixtures.project("Manual import", true, false, null);
        list = fixtures.list(manual, "Paused");
        importer = fixtures.as(fixtures.agent(manual));

        assertThat(importCsv("number\n00420724123456\n").json().get("imported").asLong()).isEqualTo(1);

        assertThat(callsOfList()).singleElement().satisfies(c -> assertThat(c.get("call_phase")).isEqualTo("Manual"));
    }

    @Test
    void aBrokenQuoteAfterGoodRowsWritesNothing() {
        Api.Reply reply = importCsv("number,callKey\n00420724123456,ok-1\n00420724123457,\"ok-2\"x\n");

        assertProblem(reply, 400, "line 2");
        assertThat(callsOfList()).isEmpty();
    }

    @Test
    void aLargeFileIsStreamedInOneRequest() {
        int rows = 20_000;
        StringBuilder csv = new StringBuilder("number,callKey,scheduleTime\n");
        String due = OffsetDateTime.now().plusDays(30).toString();
        IntStream.range(0, rows).forEach(i -> csv.append("+420603").append(String.format("%06d", i)).append(",big-")
                .append(i).append(',').append(due).append('\n'));

        JsonNode report = importCsv(csv.toString()).json();

        assertThat(report.get("imported").asLong()).isEqualTo(rows);
        assertThat(jdbc.sql("select count(*) from outbound_call where outbound_list_id = :list").param("list", list)
                .query(Long.class).single()).isEqualTo(rows);
        // the calls are due in a month; the later tests need not wait while their process instances start
        jdbc.sql("delete from outbound_call where outbound_list_id = :list and process_instance_id is null")
                .param("list", list).update();
    }

    @Test
    void anUnknownListIsNotFoundAndAViewerMayNotImport() {
        Api.Reply unknown = importer.send("POST", "/api/outbound-lists/" + UUID.randomUUID() + "/calls/import", CSV,
                "number\n00420724123456\n");
        Api.Reply viewer = Api.as(port, "viewer", "viewer").send("POST", "/api/outbound-lists/" + list
                + "/calls/import", CSV, "number\n00420724123456\n");

        assertProblem(unknown, 404, "outbound list");
        assertProblem(viewer, 403, "AllowWrite");
        assertThat(callsOfList()).isEmpty();
    }

    @Test
    void rowsWithControlCharactersOrYearsOutOfRangeAreReportedAndTheOthersImported() {
        Api.Reply reply = importCsv("""
                number,callKey,scheduleTime,timeTo
                00420724123456,ok-1,,
                00420724123457,nul\u0000key,,
                00420724123458,ok-3,+10000-01-01T00:00:00Z,
                00420724123459,ok-4,,0001-01-01T00:00:00Z
                00420724123460,ok-5,2030-01-02T09:30:00+01:00,
                00420724123461,esc\u001Bkey,,
                """);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode report = reply.json();
        assertThat(report.get("imported").asLong()).isEqualTo(2);
        assertThat(report.get("rejected")).extracting(r -> r.get("line").asLong()).containsExactly(3L, 4L, 5L, 7L);
        assertThat(report.get("rejected").get(0).get("reason").asText()).contains("callKey", "control character");
        assertThat(report.get("rejected").get(1).get("reason").asText()).contains("scheduleTime", "1900-9999");
        assertThat(report.get("rejected").get(2).get("reason").asText()).contains("timeTo", "1900-9999");
        assertThat(callsOfList()).extracting(c -> c.get("call_key")).containsExactly("ok-1", "ok-5");
    }

    @Test
    void aFileOverTheCapIsRefusedWithNothingWrittenAndTheEngineStaysUp() {
        // 2 MB in the tests (outbound.limits.max-csv-bytes); sent chunked, so it is counted as it is read
        byte[] csv = bigCsv(2 * 1024 * 1024 + 64 * 1024);
        HttpRequest request = HttpRequest.newBuilder(fixtures.uri("/api/outbound-lists/" + list + "/calls/import"))
                .header("Authorization", basic(fixtures.login(importingAgent)))
                .header("Content-Type", CSV)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(csv)))
                .build();

        HttpResponse<String> reply = IntakeFixtures.raw(request);

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(413);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(reply.body()).contains("larger than 2097152 bytes");
        assertThat(callsOfList()).isEmpty();
        Api.Reply health = Api.anonymous(port).get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        // and the next file goes through
        assertThat(importCsv("number,callKey\n00420724123456,after-cap\n").json().get("imported").asLong())
                .isEqualTo(1);
    }

    @Test
    void aDeclaredLengthOverTheCapIsRefusedBeforeTheBodyIsSent() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/outbound-lists/" + list + "/calls/import HTTP/1.1\r\n"
                    + "Host: localhost:" + port + "\r\n"
                    + "Authorization: " + basic(fixtures.login(importingAgent)) + "\r\n"
                    + "Content-Type: text/csv\r\n"
                    + "Content-Length: 10000000000\r\n\r\n"
                    + "number,callKey\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();

            assertThat(statusLine).startsWith("HTTP/1.1 413");
        }
        assertThat(callsOfList()).isEmpty();
        assertThat(Api.anonymous(port).get("/actuator/health").json().get("status").asText()).isEqualTo("UP");
    }

    private static String basic(String login) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + login).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bigCsv(int bytes) {
        StringBuilder csv = new StringBuilder(bytes + 100).append("number,callKey\n");
        for (int i = 0; csv.length() < bytes; i++) {
            csv.append("+420603").append(String.format("%06d", i % 1_000_000)).append(",cap-").append(i).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
