package io.outboundcalls.call;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The seed's own URLs, which CRMs already hold: the bar web URL under /ReactClient/api, the editor under
 * /ReactClient/Pages (as OutCallEditor.html and as the seed's calleditor.html), and Seq, which "the system does not
 * check in any way and returns unchanged".
 */
@RunningEngineTest
class SeedUrlsIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    IntakeFixtures fixtures;
    UUID agent;
    Api asAgent;

    @BeforeEach
    void anAgent() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        agent = fixtures.agent(fixtures.project("Seed URLs"));
        asAgent = fixtures.as(agent);
    }

    @AfterEach
    void close() {
        fixtures.close();
    }

    @Test
    void theSeedsBarWebUrlUnderReactClientDialsLikeApiBarWeb() {
        Api.Reply reply = asAgent.get("/ReactClient/api/bar/web?Cmd=PrivateCall&Par=%2000420724123456&Seq=1"
                + "&CallKey=12345678");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("seq").asText()).isEqualTo("1");
        assertThat(reply.json().get("callType").asText()).isEqualTo("Private");
        assertThat(reply.json().get("number").asText()).isEqualTo("+420724123456");
        // the same bad input, the same problem
        assertProblem(asAgent.get("/ReactClient/api/bar/web?Cmd=Transfer&Par=00420724123456"), 400, "Cmd");
    }

    @Test
    void theSeedsBarWebUrlNeedsTheSameLoginAndWritePermission() {
        assertProblem(Api.anonymous(port).get("/ReactClient/api/bar/web?Cmd=PrivateCall&Par=00420724123456"), 401,
                null);
        // viewer reads only: AllowWrite is needed on both paths
        Api viewer = Api.as(port, "viewer", "viewer");
        assertProblem(viewer.get("/api/bar/web?Cmd=PrivateCall&Par=00420724123456"), 403, null);
        assertProblem(viewer.get("/ReactClient/api/bar/web?Cmd=PrivateCall&Par=00420724123456"), 403, null);
    }

    @Test
    void theSeedsEditorAddressesOpenTheEditorPage() {
        String editor = page("/OutCallEditor.html?Number=00420724123456");
        assertThat(editor).contains("<html");

        assertThat(page("/ReactClient/Pages/OutCallEditor.html?Number=00420724123456")).isEqualTo(editor);
        assertThat(page("/ReactClient/Pages/calleditor.html?Number=00420724123456")).isEqualTo(editor);
        assertThat(page("/calleditor.html?Number=00420724123456")).as("API.md's short address").isEqualTo(editor);
    }

    @Test
    void seqComesBackExactlyAsGivenWhateverItsLength() {
        String seq = "s".repeat(500);

        Api.Reply get = asAgent.get("/api/bar/web?Cmd=PrivateCall&Par=00420724123456&Seq=" + seq);
        Api.Reply bar = asAgent.post("/api/bar/call", "{\"number\":\"00420724123456\",\"seq\":\"" + seq + "\"}");

        assertThat(get.status()).as(get.toString()).isEqualTo(200);
        assertThat(get.json().get("seq").asText()).isEqualTo(seq);
        assertThat(bar.status()).as(bar.toString()).isEqualTo(200);
        assertThat(bar.json().get("seq").asText()).isEqualTo(seq);
    }

    @Test
    void seqIsNeitherStrippedNorCheckedForOddCharacters() {
        // blanks around it, a control character, percent signs: all handed back as they came
        String seq = " 12\u0001 %x ";

        Api.Reply reply = asAgent.get("/api/bar/web?Cmd=PrivateCall&Par=00420724123456&Seq="
                + URLEncoder.encode(seq, StandardCharsets.UTF_8));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("seq").asText()).isEqualTo(seq);
    }

    private String page(String path) {
        HttpResponse<String> response = IntakeFixtures.raw(HttpRequest.newBuilder(fixtures.uri(path)).GET().build());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("text/html");
        return response.body();
    }
}
