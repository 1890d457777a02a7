package io.outboundcalls.call;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.stream.Stream;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Bad input on every intake path (bar web URL, call bar, editor draft, POST /api/calls, Visitor records, callbacks):
 * each is a 4xx problem whose detail names the field, and not one row is written. Private calls are logged here, so
 * a bad request that slipped through would show as a row.
 */
@RunningEngineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntakeBadInputIT {

    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";
    static final String CSV = "text/csv";
    static final String LIST = "00000000-0000-4000-8000-00000000d001";
    static final String IMPORT = "/api/outbound-lists/" + LIST + "/calls/import";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    IntakeFixtures fixtures;
    Api agent;

    @BeforeAll
    void anAgentWhosePrivateCallsAreLogged() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        agent = fixtures.as(fixtures.agent());
        fixtures.setConfig("PrivateCallsOnWebAction", "true");
        fixtures.setConfig("PrivateCallsOnBarAction", "true");
        fixtures.clearConfigCache();
    }

    @AfterAll
    void privateCallsAreNotLoggedAgain() {
        fixtures.setConfig("PrivateCallsOnWebAction", "false");
        fixtures.setConfig("PrivateCallsOnBarAction", "false");
        fixtures.clearConfigCache();
        fixtures.close();
    }

    static Arguments get(String name, String path, String field) {
        return Arguments.of(name, "GET", path, null, null, 400, field);
    }

    static Arguments post(String name, String path, String contentType, String body, String field) {
        return Arguments.of(name, "POST", path, contentType, body, 400, field);
    }

    static Stream<Arguments> badInputs() {
        String unknown = UUID.randomUUID().toString();
        String web = "/api/bar/web?Cmd=PrivateCall&Par=00420724123456";
        String draft = "/api/calls/draft?Number=00420724123456&OutboundListId=" + LIST;
        return Stream.of(
                // the bar web URL
                get("web: Cmd missing", "/api/bar/web?Par=00420724123456", "Cmd"),
                get("web: unknown Cmd", "/api/bar/web?Cmd=DropTable&Par=00420724123456", "Cmd"),
                get("web: Par missing", "/api/bar/web?Cmd=PrivateCall", "Par"),
                get("web: Par blank", "/api/bar/web?Cmd=PrivateCall&Par=%20%20", "Par"),
                get("web: Par not a number", "/api/bar/web?Cmd=PrivateCall&Par=call-me", "Par"),
                get("web: SQL injection in Par",
                        "/api/bar/web?Cmd=PrivateCall&Par=1%27%3B%20drop%20table%20outbound_call%3B%20--", "Par"),
                get("web: 49-character CallKey", web + "&CallKey=" + "k".repeat(49), "CallKey"),
                get("web: OutboundList not a UUID", web + "&OutboundList=12", "OutboundList"),
                get("web: unknown OutboundListId", web + "&OutboundListId=" + unknown, "OutboundListId"),
                get("web: OutboundList and OutboundListId differ", web + "&OutboundList=" + LIST + "&OutboundListId="
                        + unknown, "OutboundListId"),
                get("web: unknown AgentId", web + "&AgentId=" + unknown, "AgentId"),
                get("web: unknown ProjectId", web + "&ProjectId=" + unknown, "ProjectId"),
                get("web: unknown LanguageId", web + "&LanguageId=" + unknown, "LanguageId"),
                get("web: IssueId not a UUID", web + "&IssueId=%3Cscript%3E", "IssueId"),
                get("web: Par given twice", web + "&par=00420724999999", "Par"),
                get("web: NUL in CallKey", web + "&CallKey=crm%00x", "CallKey"),
                get("web: line feed in Par", "/api/bar/web?Cmd=PrivateCall&Par=00420724123456%0Aextra", "Par"),
                post("web: NUL in a form body", "/api/bar/web", FORM,
                        "Cmd=PrivateCall&Par=00420724123456&CallKey=a%00b", "CallKey"),
                post("web: garbled form body", "/api/bar/web", FORM, "Cmd=PrivateCall&Par=%zz%%", "Par"),
                post("web: form body without Cmd", "/api/bar/web", FORM, "Par=00420724123456", "Cmd"),
                // the call bar
                post("bar: truncated JSON", "/api/bar/call", JSON, "{\"number\":", "body"),
                post("bar: number of the wrong type", "/api/bar/call", JSON, "{\"number\":{\"x\":1}}", "number"),
                // in JSON's words, not the Java class behind the field
                post("enqueue: ids not an array", "/api/calls/enqueue", JSON, "{\"ids\":\"x\"}",
                        "ids: expected an array"),
                post("bar: agentId not a UUID", "/api/bar/call", JSON,
                        "{\"number\":\"00420724123456\",\"agentId\":\"me\"}", "agentId"),
                post("bar: unknown outboundListId", "/api/bar/call", JSON,
                        "{\"number\":\"00420724123456\",\"outboundListId\":\"" + unknown + "\"}", "outboundListId"),
                post("bar: 49-character callKey", "/api/bar/call", JSON,
                        "{\"number\":\"00420724123456\",\"callKey\":\"" + "k".repeat(49) + "\"}", "callKey"),
                post("bar: NUL in callKey", "/api/bar/call", JSON,
                        "{\"number\":\"00420724123456\",\"callKey\":\"crm\\u0000x\"}", "callKey"),
                post("bar: escape sequence in number", "/api/bar/call", JSON,
                        "{\"number\":\"\\u001b[2J00420724123456\"}", "number"),
                // the editor's draft
                get("draft: NUL in CallKey", draft + "&CallKey=%00", "CallKey"),
                get("draft: Number missing", "/api/calls/draft?OutboundListId=" + LIST, "Number"),
                get("draft: unknown IssueId", draft + "&IssueId=" + unknown, "IssueId"),
                get("draft: unknown IssueKey", draft + "&IssueKey=no-such-case", "IssueKey"),
                get("draft: unknown ContactKey", draft + "&ContactKey=%27%20or%201%3D1%20--", "ContactKey"),
                get("draft: MessageId not a UUID", draft + "&MessageId=42", "MessageId"),
                get("draft: unknown ChatId", draft + "&ChatId=" + unknown, "ChatId"),
                get("draft: Predist neither true nor false", draft + "&Predist=maybe", "Predist"),
                get("draft: CallType the editor does not make", draft + "&CallType=Callback", "CallType"),
                get("draft: Priority not a number", draft + "&Priority=high", "Priority"),
                // POST /api/calls
                post("calls: unknown issueKey", "/api/calls", JSON,
                        "{\"number\":\"00420724123456\",\"outboundListId\":\"" + LIST + "\",\"issueKey\":\"nope\"}",
                        "issueKey"),
                post("calls: unknown messageId", "/api/calls", JSON, "{\"number\":\"00420724123456\","
                        + "\"outboundListId\":\"" + LIST + "\",\"messageId\":\"" + unknown + "\"}", "messageId"),
                post("calls: unknown origin", "/api/calls?origin=Csv", JSON,
                        "{\"number\":\"00420724123456\",\"outboundListId\":\"" + LIST + "\"}", "origin"),
                post("calls: NUL in callKey", "/api/calls", JSON, "{\"number\":\"00420724123456\","
                        + "\"outboundListId\":\"" + LIST + "\",\"callKey\":\"crm\\u0000x\"}", "callKey"),
                post("calls: line feed in contactKey", "/api/calls", JSON, "{\"number\":\"00420724123456\","
                        + "\"outboundListId\":\"" + LIST + "\",\"contactKey\":\"a\\nb\"}", "contactKey"),
                post("calls: scheduleTime in year 10000", "/api/calls", JSON, "{\"number\":\"00420724123456\","
                        + "\"outboundListId\":\"" + LIST + "\",\"scheduleTime\":\"+10000-01-01T00:00:00Z\"}",
                        "scheduleTime"),
                post("calls: timeFrom in year 1", "/api/calls", JSON, "{\"number\":\"00420724123456\","
                        + "\"outboundListId\":\"" + LIST + "\",\"timeFrom\":\"0001-01-01T00:00:00Z\"}", "timeFrom"),
                post("calls: timeTo in year 10000 in UTC", "/api/calls", JSON, "{\"number\":\"00420724123456\","
                        + "\"outboundListId\":\"" + LIST + "\",\"timeTo\":\"9999-12-31T23:00:00-05:00\"}", "timeTo"),
                get("calls: NUL in a query parameter", "/api/calls?callKey=a%00b", "callKey"),
                // Visitor records
                post("visitor: NUL in note", "/api/calls/visitor", JSON, "{\"note\":\"a\\u0000b\"}", "note"),
                post("visitor: not a number", "/api/calls/visitor", JSON, "{\"number\":\"counter\"}", "number"),
                post("visitor: note too long", "/api/calls/visitor", JSON, "{\"note\":\"" + "n".repeat(2001) + "\"}",
                        "note"),
                post("visitor: unknown outboundListId", "/api/calls/visitor", JSON,
                        "{\"outboundListId\":\"" + unknown + "\"}", "outboundListId"),
                post("visitor: JSON array", "/api/calls/visitor", JSON, "[1]", "body"),
                // callbacks
                post("callback: unknown source", "/api/callbacks", JSON,
                        "{\"number\":\"00420724123456\",\"outboundListId\":\"" + LIST + "\",\"source\":\"Email\"}",
                        "source"),
                post("callback: source missing", "/api/callbacks", JSON,
                        "{\"number\":\"00420724123456\",\"outboundListId\":\"" + LIST + "\"}", "source"),
                post("callback: bad requestedTime", "/api/callbacks", JSON, "{\"number\":\"00420724123456\","
                        + "\"outboundListId\":\"" + LIST + "\",\"source\":\"Ivr\",\"requestedTime\":\"tomorrow\"}",
                        "requestedTime"),
                post("callback: requestedTime without offset", "/api/callbacks", JSON, "{\"number\":\"00420724123456\","
                        + "\"outboundListId\":\"" + LIST + "\",\"source\":\"Ivr\",\"requestedTime\":\"2030-01-01T10:00\"}",
                        "requestedTime"),
                post("callback: requestedTime after the lost-shift window", "/api/callbacks", JSON,
                        "{\"number\":\"00420724123456\",\"outboundListId\":\"" + LIST + "\",\"source\":\"LostShift\","
                                + "\"requestedTime\":\"" + OffsetDateTime.now().plusDays(2) + "\"}", "requestedTime"),
                post("callback: number missing", "/api/callbacks", JSON,
                        "{\"outboundListId\":\"" + LIST + "\",\"source\":\"Ivr\"}", "number"),
                post("callback: neither project nor list", "/api/callbacks", JSON,
                        "{\"number\":\"00420724123456\",\"source\":\"Ivr\"}", "outboundListId"),
                post("callback: unknown languageId", "/api/callbacks", JSON, "{\"number\":\"00420724123456\","
                        + "\"outboundListId\":\"" + LIST + "\",\"source\":\"Ivr\",\"languageId\":\"" + unknown + "\"}",
                        "languageId"),
                post("callback: requestedTime in year 10000", "/api/callbacks", JSON, "{\"number\":\"00420724123456\","
                        + "\"outboundListId\":\"" + LIST + "\",\"source\":\"Ivr\",\"requestedTime\":"
                        + "\"+10000-01-01T00:00:00Z\"}", "requestedTime"),
                post("callback: empty body", "/api/callbacks", JSON, "", "body"),
                // CSV import: faults of the file as a whole (a bad row is reported in the answer, see CallImportIT)
                post("csv: empty body", IMPORT, CSV, "", "body"),
                post("csv: only blank lines", IMPORT, CSV, "\n\n", "body"),
                post("csv: first line is a row, not a header", IMPORT, CSV, "00420724123456,k1\n", "header"),
                post("csv: unknown column", IMPORT, CSV, "number,colour\n00420724123456,red\n", "colour"),
                post("csv: no number column", IMPORT, CSV, "callKey\nk1\n", "number"),
                post("csv: a column named twice", IMPORT, CSV, "number,NUMBER\n00420724123456,00420724123457\n",
                        "header"),
                post("csv: JSON sent as CSV", IMPORT, CSV, "{\"number\":\"00420724123456\"}", "header"),
                post("csv: binary garbage", IMPORT, CSV, "\u0000\u0001\u0002PK\u0003\u0004\n\u0005", "header"),
                post("csv: SQL in the header", IMPORT, CSV, "number); drop table outbound_call; --\n1\n", "header"),
                post("csv: broken quote after a good row", IMPORT, CSV,
                        "number,callKey\n00420724123456,k1\n00420724123457,\"k2\"x\n", "body"),
                Arguments.of("csv: unknown charset", "POST", IMPORT, CSV + ";charset=klingon",
                        "number\n00420724123456\n", 400, "charset 'klingon' is not known"),
                Arguments.of("csv: list id not a UUID", "POST", "/api/outbound-lists/d001/calls/import", CSV,
                        "number\n00420724123456\n", 400, "id"),
                Arguments.of("csv: unknown list", "POST", "/api/outbound-lists/" + unknown + "/calls/import", CSV,
                        "number\n00420724123456\n", 404, unknown),
                // API.md: "a non-CSV body is a 400", whatever type it is sent as
                Arguments.of("csv: sent as JSON", "POST", IMPORT, JSON, "{\"number\":\"00420724123456\"}", 400,
                        "Content-Type"),
                // curl --data-binary @calls.csv without -H: a real file sent as a form, never parsed as form fields
                Arguments.of("csv: sent as a form", "POST", IMPORT, "application/x-www-form-urlencoded",
                        "number,callKey\n00420724123456,k1\n00420724123457,k2\n", 400, "Content-Type"),
                Arguments.of("csv: no Content-Type", "POST", IMPORT, null, "number\n00420724123456\n", 400,
                        "Content-Type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsAProblemNamingTheFieldAndWritesNothing(String name, String method, String path,
            String contentType, String body, int status, String field) {
        long before = fixtures.countCalls();

        Api.Reply reply = agent.send(method, path, contentType, body);

        assertProblem(reply, status, field);
        assertThat(fixtures.countCalls()).isEqualTo(before);
    }

    static Stream<Arguments> writes() {
        return Stream.of(
                Arguments.of("GET", "/api/bar/web?Cmd=PrivateCall&Par=00420724123456", null, null),
                Arguments.of("POST", "/api/bar/web", FORM, "Cmd=PrivateCall&Par=00420724123456"),
                Arguments.of("POST", "/api/bar/call", JSON, "{\"number\":\"00420724123456\"}"),
                Arguments.of("POST", "/api/calls?origin=Editor", JSON,
                        "{\"number\":\"00420724123456\",\"outboundListId\":\"" + LIST + "\"}"),
                Arguments.of("POST", "/api/calls/visitor", JSON, "{}"),
                Arguments.of("POST", "/api/callbacks", JSON,
                        "{\"number\":\"00420724123456\",\"outboundListId\":\"" + LIST + "\",\"source\":\"Ivr\"}"),
                Arguments.of("POST", "/api/calls/" + UUID.randomUUID() + "/hang-up", null, null),
                Arguments.of("POST", IMPORT, CSV, "number\n00420724123456\n"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("writes")
    void withoutAllowWriteNothingIsWritten(String method, String path, String contentType, String body) {
        long before = fixtures.countCalls();

        Api.Reply reply = Api.as(port, "viewer", "viewer").send(method, path, contentType, body);

        assertProblem(reply, 403, "AllowWrite");
        assertThat(fixtures.countCalls()).isEqualTo(before);
    }

    @Test
    void aVisitorNoteMayHoldLineBreaksAndTabs() {
        Api.Reply reply = agent.post("/api/calls/visitor", "{\"note\":\"first line\\nsecond\\tline\"}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(fixtures.row(UUID.fromString(reply.json().get("id").asText())).get("note"))
                .isEqualTo("first line\nsecond\tline");
    }

    @Test
    void aJsonBodyOverTheCapIsRefusedAndWritesNothing() {
        long before = fixtures.countCalls();
        // outbound.limits.max-json-bytes: 1 MB
        String body = "{\"number\":\"00420724123456\",\"outboundListId\":\"" + LIST + "\",\"callKey\":\""
                + "k".repeat(1024 * 1024) + "\"}";

        Api.Reply reply = agent.post("/api/calls", body);

        assertProblem(reply, 413, "larger than 1048576 bytes");
        assertThat(fixtures.countCalls()).isEqualTo(before);
    }

    @Test
    void theViewerStillReadsTheDraft() {
        assertThat(Api.as(port, "viewer", "viewer").get("/api/calls/draft?Number=00420724123456&OutboundListId="
                + LIST).status()).isEqualTo(200);
    }
}
