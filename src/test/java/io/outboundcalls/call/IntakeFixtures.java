package io.outboundcalls.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.BlockedSessions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Records the intake tests need, written with SQL apart from the demo data: projects, lists, agents of their own
 * (with a workplace and an engine user, so a private call rings a phone no demo agent sits at), and the contacts,
 * cases, messages and chats the editor resolves. {@link #close()} sends the agents Offline and frees their lines.
 */
final class IntakeFixtures implements AutoCloseable {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final JdbcClient jdbc;
    private final IdentityService identity;
    private final int port;
    private final List<UUID> agents = new ArrayList<>();

    IntakeFixtures(JdbcClient jdbc, IdentityService identity, int port) {
        this.jdbc = jdbc;
        this.identity = identity;
        this.port = port;
    }

    /** A project without result bar or post-call pause, so the calls of its lists finish as soon as they end. */
    UUID project(String name) {
        return project(name, false, false, null);
    }

    UUID project(String name, boolean manualScheduling, boolean showResultBar, Integer resultWaitSeconds) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into project (id, name, caller_id, manual_scheduling, show_result_bar, result_wait_seconds,
                    max_offer_attempts, default_priority)
                values (:id, :name, '+420222000111', :manual, :bar, :wait, 3, 5)
                """)
                .param("id", id).param("name", name + " " + id).param("manual", manualScheduling)
                .param("bar", showResultBar).param("wait", resultWaitSeconds).update();
        return id;
    }

    UUID list(UUID projectId, String state) {
        return list(projectId, state, null);
    }

    UUID list(UUID projectId, String state, UUID languageId) {
        UUID id = UUID.randomUUID();
        // strictly increasing creation times: "the first Running list" is the oldest
        OffsetDateTime createdAt = OffsetDateTime.now().minusDays(1).plusNanos(SEQUENCE.incrementAndGet() * 1000);
        jdbc.sql("""
                insert into outbound_list (id, name, project_id, language_id, state, created_at)
                values (:id, :name, :project, :language, :state, :createdAt)
                """)
                .param("id", id).param("name", "List " + id).param("project", projectId).param("language", languageId)
                .param("state", state).param("createdAt", createdAt).update();
        return id;
    }

    UUID language(String name) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into language (id, name, code) values (:id, :name, :code)")
                .param("id", id).param("name", name).param("code", "t" + id.toString().substring(0, 8)).update();
        return id;
    }

    UUID contact(String name) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into contact (id, name, contact_key) values (:id, :name, :key)")
                .param("id", id).param("name", name).param("key", "contact-" + id).update();
        return id;
    }

    String contactKey(UUID contactId) {
        return "contact-" + contactId;
    }

    UUID phoneNumber(UUID contactId, String number) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into phone_number (id, contact_id, number) values (:id, :contact, :number)")
                .param("id", id).param("contact", contactId).param("number", number).update();
        return id;
    }

    UUID issue(UUID projectId, UUID languageId, UUID contactId) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into issue (id, issue_key, project_id, language_id, contact_id)
                values (:id, :key, :project, :language, :contact)
                """)
                .param("id", id).param("key", issueKey(id)).param("project", projectId).param("language", languageId)
                .param("contact", contactId).update();
        return id;
    }

    String issueKey(UUID issueId) {
        return "case-" + issueId;
    }

    UUID message(UUID issueId, UUID contactId) {
        return conversation("message", issueId, contactId);
    }

    UUID chat(UUID issueId, UUID contactId) {
        return conversation("chat", issueId, contactId);
    }

    private UUID conversation(String table, UUID issueId, UUID contactId) {
        UUID id = UUID.randomUUID();
        // the table name is one of two constants, never input
        jdbc.sql("insert into " + (table.equals("chat") ? "chat" : "message")
                        + " (id, issue_id, contact_id) values (:id, :issue, :contact)")
                .param("id", id).param("issue", issueId).param("contact", contactId).update();
        return id;
    }

    /**
     * An agent with AllowWrite, a workplace and extension of their own, skills for these projects and an engine user
     * (password = login), Offline.
     */
    UUID agent(UUID... projectIds) {
        UUID workplace = UUID.randomUUID();
        String extension = "9" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        jdbc.sql("insert into workplace (id, name, extension) values (:id, :name, :ext)")
                .param("id", workplace).param("name", "Seat " + extension).param("ext", extension).update();
        UUID agent = UUID.randomUUID();
        // the engine accepts letters and digits only in user ids
        String login = "intake" + agent.toString().substring(0, 8);
        jdbc.sql("""
                insert into agent (id, name, login, allow_write, workplace_id, status_id, status_changed_at)
                values (:id, :login, :login, true, :workplace, :offline, current_timestamp)
                """)
                .param("id", agent).param("login", login).param("workplace", workplace)
                .param("offline", status("Offline")).update();
        for (UUID project : projectIds) {
            jdbc.sql("insert into agent_project_skill (agent_id, project_id) values (:agent, :project)")
                    .param("agent", agent).param("project", project).update();
        }
        User user = identity.newUser(login);
        user.setPassword(login);
        identity.saveUser(user);
        identity.createMembership(login, "agents");
        agents.add(agent);
        return agent;
    }

    /** An agent (see {@link #agent}) in the group supervisors: acts for other agents. */
    UUID supervisor(UUID... projectIds) {
        UUID supervisor = agent(projectIds);
        identity.createMembership(login(supervisor), "supervisors");
        return supervisor;
    }

    String login(UUID agent) {
        return jdbc.sql("select login from agent where id = :id").param("id", agent).query(String.class).single();
    }

    UUID workplaceOf(UUID agent) {
        return jdbc.sql("select workplace_id from agent where id = :id").param("id", agent).query(UUID.class).single();
    }

    Api as(UUID agent) {
        return Api.as(port, login(agent), login(agent));
    }

    UUID status(String name) {
        return jdbc.sql("select id from agent_status where name = :name").param("name", name).query(UUID.class)
                .single();
    }

    /** Sets the agent's status as the agent desktop does, over HTTP. */
    void setStatus(UUID agent, String statusName) {
        Api.Reply reply = as(agent).put("/api/agent/status", "{\"statusId\":\"" + status(statusName) + "\"}");
        if (reply.status() != 200) {
            throw new AssertionError("status change failed: " + reply);
        }
    }

    UUID agentId(String login) {
        return jdbc.sql("select id from agent where login = :login").param("login", login).query(UUID.class).single();
    }

    Map<String, Object> row(UUID callId) {
        return jdbc.sql("select * from outbound_call where id = :id").param("id", callId).query().singleRow();
    }

    String phase(UUID callId) {
        return jdbc.sql("select call_phase from outbound_call where id = :id").param("id", callId)
                .query(String.class).single();
    }

    String result(UUID callId) {
        return jdbc.sql("select call_result from outbound_call where id = :id").param("id", callId)
                .query(String.class).single();
    }

    long countCalls() {
        return jdbc.sql("select count(*) from outbound_call").query(Long.class).single();
    }

    long countCallsWithKey(String callKey) {
        return jdbc.sql("select count(*) from outbound_call where call_key = :key").param("key", callKey)
                .query(Long.class).single();
    }

    /** Waits until the call's row is in this phase. */
    void awaitPhase(UUID callId, String phase, Duration timeout) {
        Await.until("call " + callId + " in phase " + phase, timeout, () -> phase(callId), phase::equals);
    }

    /** Sets a configuration parameter over HTTP, as an administrator; it applies after {@link #clearConfigCache()}. */
    void setConfig(String name, String value) {
        Api.Reply reply = Api.as(port, "admin", "admin").put("/api/config/" + name, "{\"value\":\"" + value + "\"}");
        if (reply.status() != 200) {
            throw new AssertionError("config not set: " + reply);
        }
    }

    void clearConfigCache() {
        Api.Reply reply = Api.as(port, "admin", "admin").post("/api/config/cache/clear", "");
        if (reply.status() != 200) {
            throw new AssertionError("cache not cleared: " + reply);
        }
    }

    /** A request with the headers left to the test, for what {@link Api} does not show (response headers). */
    static HttpResponse<String> raw(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** The agent's own call of the list (the bar web URL) to a number that talks until someone hangs up. */
    UUID talkingCall(Api agent, UUID list) {
        Api.Reply reply = agent.get("/api/bar/web?Cmd=PrivateCall&OutboundList=" + list + "&Par=00420724120489");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        UUID call = UUID.fromString(reply.json().get("callId").asText());
        awaitPhase(call, "AgentTalk", Duration.ofSeconds(20));
        return call;
    }

    /** The call's agent hangs it up (the PBX reports the hang-up a moment later). */
    void hangUp(Api agent, UUID call) {
        Api.Reply reply = agent.post("/api/calls/" + call + "/hang-up", "");
        assertThat(reply.status()).as(reply.toString()).isIn(200, 202);
    }

    /** The call result detail of this name. */
    UUID detail(String name) {
        return jdbc.sql("select id from call_result_detail where name = :n and deleted = false")
                .param("n", name).query(UUID.class).list().get(0);
    }

    /**
     * The agent's result "typed as they hung up" for the task, sent while a row the hang-up writes is held (a select
     * {@code for update} of it by its id), so that the hang-up stops before its commit and the result stops behind the
     * hang-up: both go on when the row is let go, the hang-up first. Returns the result's answer.
     */
    Api.Reply resultBehindTheHangUp(DataSource dataSource, String heldRow, String heldId, Api agent, UUID call,
            String taskId) throws Exception {
        CompletableFuture<Api.Reply> entered;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement hold = holder.prepareStatement(heldRow)) {
                hold.setString(1, heldId);
                assertThat(hold.executeQuery().next()).as("the row to hold is there").isTrue();
            }
            hangUp(agent, call);
            Await.until("the hang-up waiting for the held row", Duration.ofSeconds(15),
                    () -> BlockedSessions.behind(holder, dataSource), n -> n >= 1);
            String body = "{\"callResultDetailId\":\"" + detail("Success") + "\",\"note\":\"typed as they hung up\"}";
            entered = CompletableFuture.supplyAsync(() -> agent.post("/api/agent/tasks/" + taskId + "/result", body));
            Await.until("the result waiting behind the hang-up", Duration.ofSeconds(15),
                    () -> BlockedSessions.behind(holder, dataSource), n -> n >= 2);
            holder.commit();
        }
        return entered.get(30, TimeUnit.SECONDS);
    }

    /** The agents go Offline with free lines, so no later test's calls reach them. */
    @Override
    public void close() {
        for (UUID agent : agents) {
            jdbc.sql("""
                    update agent set status_id = :offline, current_call_id = null, pcp_call_id = null,
                        status_before_pcp_id = null where id = :id
                    """).param("offline", status("Offline")).param("id", agent).update();
        }
    }
}
