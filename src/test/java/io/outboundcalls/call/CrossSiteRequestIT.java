package io.outboundcalls.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outboundcalls.support.RunningEngineTest;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a page of another site can make an agent's browser do: browsers resend cached Basic credentials with a form
 * POST or a text/plain fetch, which need no preflight. Such requests are refused unless the page is the engine's own
 * or one of outbound.web.allowed-origins (https://crm.example.com in the tests); requests without Origin and Referer
 * (CTI servers, curl) pass. Private calls are logged here, so a dial that slipped through would show as a row.
 */
@RunningEngineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossSiteRequestIT {

    static final String FOREIGN = "https://attacker.example";
    static final String CRM = "https://crm.example.com";
    static final String DIAL = "Cmd=PrivateCall&Par=00420724123456";
    static final String IMPORT = "/api/outbound-lists/00000000-0000-4000-8000-00000000d001/calls/import";
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    IntakeFixtures fixtures;
    String login;

    @BeforeAll
    void anAgentWhosePrivateCallsAreLogged() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        fixtures.setConfig("PrivateCallsOnWebAction", "true");
        fixtures.clearConfigCache();
    }

    /** An agent of each test's own: a dial keeps the agent's line busy for a moment. */
    @BeforeEach
    void aFreshAgent() {
        login = fixtures.login(fixtures.agent());
    }

    @AfterAll
    void privateCallsAreNotLoggedAgain() {
        fixtures.setConfig("PrivateCallsOnWebAction", "false");
        fixtures.clearConfigCache();
        fixtures.close();
    }

    @Test
    void aFormPostToTheBarUrlFromAForeignPageIsRefusedAndDialsNothing() throws Exception {
        long before = fixtures.countCalls();

        HttpResponse<String> reply = send(post("/api/bar/web", "application/x-www-form-urlencoded", DIAL)
                .header("Origin", FOREIGN));

        assertRefused(reply, FOREIGN);
        assertThat(fixtures.countCalls()).isEqualTo(before);
    }

    @Test
    void aForeignRefererWithoutOriginIsRefusedToo() throws Exception {
        long before = fixtures.countCalls();

        HttpResponse<String> reply = send(post("/api/bar/web", "application/x-www-form-urlencoded", DIAL)
                .header("Referer", FOREIGN + "/phishing/page.html"));

        assertRefused(reply, FOREIGN);
        assertThat(fixtures.countCalls()).isEqualTo(before);
    }

    @Test
    void aDialingLinkOnAForeignPageIsRefused() {
        long before = fixtures.countCalls();

        HttpResponse<String> reply = send(get("/api/bar/web?" + DIAL)
                .header("Referer", FOREIGN + "/page-with-an-image.html")
                .header("Sec-Fetch-Site", "cross-site"));

        assertRefused(reply, FOREIGN);
        assertThat(fixtures.countCalls()).isEqualTo(before);
    }

    @Test
    void aForeignPageThatHidesItsReferrerIsRefusedByWhatTheBrowserReports() {
        long before = fixtures.countCalls();

        HttpResponse<String> reply = send(get("/api/bar/web?" + DIAL).header("Sec-Fetch-Site", "cross-site"));

        assertRefused(reply, "cross-site");
        assertThat(fixtures.countCalls()).isEqualTo(before);
    }

    @Test
    void theBarUrlOpenedFromTheCrmDials() throws Exception {
        long before = fixtures.countCalls();

        HttpResponse<String> reply = send(get("/api/bar/web?" + DIAL)
                .header("Referer", CRM + "/cases/42")
                .header("Sec-Fetch-Site", "cross-site"));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(JSON.readTree(reply.body()).get("callId").isNull()).isFalse();
        assertThat(fixtures.countCalls()).isEqualTo(before + 1);
    }

    @Test
    void aTextPlainImportFromAForeignPageIsRefusedAndImportsNothing() throws Exception {
        long before = fixtures.countCalls();

        HttpResponse<String> reply = send(post(IMPORT, "text/plain", "number,callKey\n00420724123456,xsite-1\n")
                .header("Origin", FOREIGN));

        assertRefused(reply, FOREIGN);
        assertThat(fixtures.countCalls()).isEqualTo(before);
        assertThat(fixtures.countCallsWithKey("xsite-1")).isZero();
    }

    @Test
    void theSamePostWithoutOriginOrRefererDials() throws Exception {
        long before = fixtures.countCalls();

        HttpResponse<String> reply = send(post("/api/bar/web", "application/x-www-form-urlencoded", DIAL));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(JSON.readTree(reply.body()).get("callId").isNull()).isFalse();
        assertThat(fixtures.countCalls()).isEqualTo(before + 1);
    }

    @Test
    void aPageOfTheEngineItselfMayPost() throws Exception {
        long before = fixtures.countCalls();

        HttpResponse<String> reply = send(post("/api/bar/web", "application/x-www-form-urlencoded", DIAL)
                .header("Origin", "http://localhost:" + port));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(fixtures.countCalls()).isEqualTo(before + 1);
    }

    /** Camunda Modeler deploys from a local page of its own; no web page can send this origin. */
    @Test
    void camundaModelersLocalOriginMayUseTheEngineRestApiAndAForeignPageMayNot() {
        HttpResponse<String> modeler = send(engineRestQuery().header("Origin", "file://"));
        HttpResponse<String> foreign = send(engineRestQuery().header("Origin", FOREIGN));

        assertThat(modeler.statusCode()).as(modeler.body()).isEqualTo(200);
        assertThat(modeler.body()).contains("\"count\"");
        assertRefused(foreign, FOREIGN);
    }

    private HttpRequest.Builder engineRestQuery() {
        return HttpRequest.newBuilder(fixtures.uri("/engine-rest/process-instance/count"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
    }

    @Test
    void aLocalFileOrSandboxedPageIsRefused() {
        long before = fixtures.countCalls();

        HttpResponse<String> reply = send(post("/api/bar/web", "application/x-www-form-urlencoded", DIAL)
                .header("Origin", "null"));

        assertRefused(reply, "null");
        assertThat(fixtures.countCalls()).isEqualTo(before);
    }

    @Test
    void anAllowedOriginMayPostAndReadsTheAnswer() throws Exception {
        long before = fixtures.countCalls();

        HttpResponse<String> reply = send(post("/api/bar/web", "application/x-www-form-urlencoded", DIAL)
                .header("Origin", CRM));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Access-Control-Allow-Origin")).contains(CRM);
        assertThat(fixtures.countCalls()).isEqualTo(before + 1);
    }

    @Test
    void thePreflightOfAnAllowedOriginGetsCorsHeadersWithoutCredentials() {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(fixtures.uri("/api/calls"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", CRM)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type"));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Access-Control-Allow-Origin")).contains(CRM);
        assertThat(reply.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
        assertThat(reply.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        assertThat(reply.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("authorization").contains("content-type");
    }

    @Test
    void thePreflightOfAForeignOriginGetsNoCorsHeaders() {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(fixtures.uri("/api/calls"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", FOREIGN)
                .header("Access-Control-Request-Method", "POST"));

        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(reply.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void aReadFromAForeignPageIsRefusedWithAProblemBody() {
        // CORS answers before the login is checked, so the refusal needs no user
        HttpResponse<String> reply = send(HttpRequest.newBuilder(fixtures.uri("/api/agent")).header("Origin", FOREIGN));

        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(reply.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(reply.body()).contains("outbound.web.allowed-origins");
    }

    /** The webapps' own pages send their Origin with the XSRF token of their session, as a browser does. */
    @Test
    void theCamundaWebappsLoginWorksFromTheirOwnPageOnly() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(fixtures.uri("/camunda/app/cockpit/default/"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        String token = page.headers().firstValue("X-XSRF-TOKEN").orElseThrow(
                () -> new AssertionError("no XSRF token in " + page.headers().map()));
        String form = "username=admin&password=admin";
        String path = "/camunda/api/admin/auth/user/default/login/cockpit";

        HttpResponse<String> foreign = browser.send(HttpRequest.newBuilder(fixtures.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", token)
                .header("Origin", FOREIGN)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> own = browser.send(HttpRequest.newBuilder(fixtures.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", token)
                .header("Origin", "http://localhost:" + port)
                .header("Referer", "http://localhost:" + port + "/camunda/app/cockpit/default/")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());

        assertRefused(foreign, FOREIGN);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.body()).contains("\"userId\":\"admin\"");
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(fixtures.uri(path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((login + ":" + login).getBytes(StandardCharsets.UTF_8)))
                .GET();
    }

    private HttpRequest.Builder post(String path, String contentType, String body) {
        return HttpRequest.newBuilder(fixtures.uri(path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((login + ":" + login).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        return IntakeFixtures.raw(request.build());
    }

    private static void assertRefused(HttpResponse<String> reply, String origin) {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(403);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(reply.body()).contains("cross-site").contains(origin);
    }
}
