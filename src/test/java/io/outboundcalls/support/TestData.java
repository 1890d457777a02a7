package io.outboundcalls.support;

import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Writes test-only projects and lists with SQL, apart from the demo data, so tests do not take each other's calls. */
public final class TestData {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final JdbcClient jdbc;

    public TestData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public UUID statusId(String name) {
        return jdbc.sql("select id from agent_status where name = :name").param("name", name)
                .query(UUID.class).single();
    }

    public UUID agentId(String login) {
        return jdbc.sql("select id from agent where login = :login").param("login", login).query(UUID.class).single();
    }

    /** A project with the given post-call pause and result wait, its automatic PCP status Wrap-up. */
    public UUID project(String name, Integer postCallPauseSeconds, Integer resultWaitSeconds, boolean showResultBar) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into project (id, name, manual_scheduling, post_call_pause_seconds, automatic_pcp_status_id,
                    show_result_bar, result_wait_seconds, max_offer_attempts, default_priority)
                values (:id, :name, false, :pcp, :pcpStatus, :bar, :wait, 3, 0)
                """)
                .param("id", id).param("name", name + " " + id).param("pcp", postCallPauseSeconds)
                .param("pcpStatus", statusId("Wrap-up")).param("bar", showResultBar).param("wait", resultWaitSeconds)
                .update();
        return id;
    }

    public UUID list(UUID projectId, String state) {
        UUID id = UUID.randomUUID();
        // strictly increasing creation times: "the first Running list" is the oldest
        OffsetDateTime createdAt = OffsetDateTime.now().plusNanos(SEQUENCE.incrementAndGet() * 1000);
        jdbc.sql("""
                insert into outbound_list (id, name, project_id, state, created_at)
                values (:id, :name, :project, :state, :createdAt)
                """)
                .param("id", id).param("name", "List " + id).param("project", projectId).param("state", state)
                .param("createdAt", createdAt).update();
        return id;
    }

    public void giveSkill(String login, UUID projectId) {
        jdbc.sql("insert into agent_project_skill (agent_id, project_id) values (:agent, :project)")
                .param("agent", agentId(login)).param("project", projectId).update();
    }

    public void setStatus(String login, String statusName) {
        jdbc.sql("update agent set status_id = :status, pcp_call_id = null, status_before_pcp_id = null where login = :login")
                .param("status", statusId(statusName)).param("login", login).update();
    }

    public long countCalls() {
        return jdbc.sql("select count(*) from outbound_call").query(Long.class).single();
    }
}
