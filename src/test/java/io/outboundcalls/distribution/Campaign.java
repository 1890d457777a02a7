package io.outboundcalls.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A campaign of its own for one test, written with SQL: a project (no result bar, no post-call pause, so offered
 * calls run through quickly), a Running list, and agents with their own workplaces and logins. Calls are created over
 * HTTP like any client does.
 */
public final class Campaign {

    private static final AtomicInteger EXTENSIONS = new AtomicInteger(5000);

    public final UUID project;
    public final UUID list;
    private final JdbcClient jdbc;
    private final IdentityService identity;
    private final int port;
    private final Api admin;

    private Campaign(JdbcClient jdbc, IdentityService identity, int port, UUID project, UUID list) {
        this.jdbc = jdbc;
        this.identity = identity;
        this.port = port;
        this.admin = Api.as(port, "admin", "admin");
        this.project = project;
        this.list = list;
    }

    public static Campaign create(JdbcClient jdbc, IdentityService identity, int port) {
        UUID project = UUID.randomUUID();
        jdbc.sql("""
                insert into project (id, name, manual_scheduling, show_result_bar, max_offer_attempts, default_priority)
                values (:id, :name, false, false, 3, 0)
                """).param("id", project).param("name", "Distribution " + project).update();
        UUID list = UUID.randomUUID();
        jdbc.sql("insert into outbound_list (id, name, project_id, state) values (:id, :name, :project, 'Running')")
                .param("id", list).param("name", "List " + list).param("project", project).update();
        return new Campaign(jdbc, identity, port, project, list);
    }

    /** An agent with a workplace of their own, the project skill and a login (password = login), Offline. */
    public UUID agent(String loginPrefix) {
        return agentAt(loginPrefix, String.valueOf(EXTENSIONS.incrementAndGet()));
    }

    /** An agent at the given extension (7001..7009 never answer on the test simulator). */
    public UUID agentAt(String loginPrefix, String extension) {
        UUID workplace = UUID.randomUUID();
        jdbc.sql("delete from workplace where extension = :ext and id not in (select workplace_id from agent"
                + " where workplace_id is not null)").param("ext", extension).update();
        jdbc.sql("insert into workplace (id, name, extension) values (:id, :name, :ext)")
                .param("id", workplace).param("name", "Seat " + extension).param("ext", extension).update();
        UUID agent = UUID.randomUUID();
        // the engine accepts letters and digits only in user ids
        String login = loginPrefix + agent.toString().substring(0, 8);
        jdbc.sql("""
                insert into agent (id, name, login, allow_write, workplace_id, status_id, status_changed_at)
                values (:id, :login, :login, true, :workplace, :offline, current_timestamp)
                """)
                .param("id", agent).param("login", login).param("workplace", workplace)
                .param("offline", status("Offline")).update();
        jdbc.sql("insert into agent_project_skill (agent_id, project_id) values (:agent, :project)")
                .param("agent", agent).param("project", project).update();
        User user = identity.newUser(login);
        user.setPassword(login);
        identity.saveUser(user);
        return agent;
    }

    public String login(UUID agent) {
        return jdbc.sql("select login from agent where id = :id").param("id", agent).query(String.class).single();
    }

    public Api as(UUID agent) {
        return Api.as(port, login(agent), login(agent));
    }

    public UUID status(String name) {
        return jdbc.sql("select id from agent_status where name = :name").param("name", name).query(UUID.class)
                .single();
    }

    /** Sets the agent's status as the agent desktop does, over HTTP. */
    public void setStatus(UUID agent, String statusName) {
        Api.Reply reply = as(agent).put("/api/agent/status", "{\"statusId\":\"" + status(statusName) + "\"}");
        if (reply.status() != 200) {
            throw new AssertionError("status change failed: " + reply);
        }
    }

    /** Every agent of this campaign goes Offline, so no later test's calls reach them. */
    public void close() {
        jdbc.sql("""
                update agent set status_id = :offline, current_call_id = null where id in
                    (select agent_id from agent_project_skill where project_id = :project)
                """).param("offline", status("Offline")).param("project", project).update();
        jdbc.sql("update outbound_list set state = 'Stopped' where id = :list").param("list", list).update();
    }

    /** Creates a call of this campaign's list over HTTP, with extra JSON fields. */
    public UUID call(String extraJson) {
        return callTo("+420724" + (100000 + EXTENSIONS.incrementAndGet()), extraJson);
    }

    /** Creates a call to this number (the simulator's suffixes choose its fate) over HTTP, with extra JSON fields. */
    public UUID callTo(String number, String extraJson) {
        String body = "{\"number\":\"" + number + "\",\"outboundListId\":\""
                + list + "\"" + (extraJson.isEmpty() ? "" : "," + extraJson) + "}";
        Api.Reply reply = admin.post("/api/calls", body);
        if (reply.status() != 201) {
            throw new AssertionError("call not created: " + reply);
        }
        return UUID.fromString(reply.json().get("id").asText());
    }

    public List<UUID> offeredAgents(UUID call) {
        return jdbc.sql("select agent_id from call_offer where call_id = :call order by offered_at")
                .param("call", call).query(UUID.class).list();
    }

    /** Waits until the call was offered; returns the agent it went to. */
    public UUID awaitOffer(UUID call) {
        return Await.until("an offer of call " + call, Duration.ofSeconds(15), () -> offeredAgents(call),
                agents -> !agents.isEmpty()).get(0);
    }

    /**
     * Returns once no cycle holds the agent's row: the scheduled cycle may run at the same time as a test's own
     * {@code runOnce()} and lock the agent first (SKIP LOCKED makes the test's cycle pass over it), so its offers are
     * committed only when this lock is granted.
     */
    public void awaitCyclesHolding(UUID agent) {
        jdbc.sql("select id from agent where id = :id for update").param("id", agent).query(UUID.class).list();
    }

    public String phase(UUID call) {
        return jdbc.sql("select call_phase from outbound_call where id = :id").param("id", call).query(String.class)
                .single();
    }

    JsonNode distributionCheck(UUID call) {
        Api.Reply reply = admin.get("/api/calls/" + call + "/distribution-check");
        if (reply.status() != 200) {
            throw new AssertionError("distribution check failed: " + reply);
        }
        return reply.json();
    }

    /** The named check of the call as a whole. */
    static JsonNode check(JsonNode distributionCheck, String name) {
        for (JsonNode check : distributionCheck.get("checks")) {
            if (name.equals(check.get("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + distributionCheck);
    }

    public Api admin() {
        return admin;
    }
}
