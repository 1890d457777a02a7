package io.outboundcalls.result;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of call_result_detail with its call-type and project limits. */
@Repository
public class CallResultDetailRepository {

    private final JdbcClient jdbc;

    CallResultDetailRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<CallResultDetail> find(UUID id) {
        return jdbc.sql("select * from call_result_detail where id = :id").param("id", id)
                .query(this::map).optional();
    }

    /** Every detail not deleted; a register of tens of rows, filtered in memory by channel, type and project. */
    public List<CallResultDetail> findActive() {
        return jdbc.sql("select * from call_result_detail where deleted = false order by name")
                .query(this::map).list();
    }

    public void insert(CallResultDetail d) {
        jdbc.sql("""
                insert into call_result_detail (id, name, general_result, channels, deleted, reschedule_after_seconds)
                values (:id, :name, :general, :channels, :deleted, :reschedule)
                """)
                .param("id", d.id()).param("name", d.name()).param("general", d.generalResult().name())
                .param("channels", d.channels()).param("deleted", d.deleted())
                .param("reschedule", d.rescheduleAfterSeconds())
                .update();
        for (String callType : d.callTypes()) {
            jdbc.sql("insert into call_result_detail_call_type (call_result_detail_id, call_type) values (:id, :type)")
                    .param("id", d.id()).param("type", callType).update();
        }
        for (UUID projectId : d.projectIds()) {
            jdbc.sql("insert into call_result_detail_project (call_result_detail_id, project_id) values (:id, :p)")
                    .param("id", d.id()).param("p", projectId).update();
        }
    }

    private CallResultDetail map(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        return new CallResultDetail(
                id,
                rs.getString("name"),
                GeneralResult.valueOf(rs.getString("general_result")),
                rs.getInt("channels"),
                rs.getBoolean("deleted"),
                rs.getObject("reschedule_after_seconds", Integer.class),
                jdbc.sql("select call_type from call_result_detail_call_type where call_result_detail_id = :id")
                        .param("id", id).query(String.class).list(),
                jdbc.sql("select project_id from call_result_detail_project where call_result_detail_id = :id")
                        .param("id", id).query(UUID.class).list());
    }

    /** Every detail, deleted ones included, as administrators see the register. */
    public List<CallResultDetail> findAll() {
        return jdbc.sql("select * from call_result_detail order by name, id").query(this::map).list();
    }

    /** Writes the detail's settings and replaces its call-type and project limits; the deleted flag stays. */
    public void update(CallResultDetail d) {
        jdbc.sql("""
                update call_result_detail set name = :name, general_result = :general, channels = :channels,
                    reschedule_after_seconds = :reschedule, updated_at = current_timestamp, version = version + 1
                where id = :id
                """)
                .param("id", d.id()).param("name", d.name()).param("general", d.generalResult().name())
                .param("channels", d.channels()).param("reschedule", d.rescheduleAfterSeconds())
                .update();
        jdbc.sql("delete from call_result_detail_call_type where call_result_detail_id = :id").param("id", d.id())
                .update();
        jdbc.sql("delete from call_result_detail_project where call_result_detail_id = :id").param("id", d.id())
                .update();
        for (String callType : d.callTypes()) {
            jdbc.sql("insert into call_result_detail_call_type (call_result_detail_id, call_type) values (:id, :type)")
                    .param("id", d.id()).param("type", callType).update();
        }
        for (UUID projectId : d.projectIds()) {
            jdbc.sql("insert into call_result_detail_project (call_result_detail_id, project_id) values (:id, :p)")
                    .param("id", d.id()).param("p", projectId).update();
        }
    }

    /** The soft delete of the seed: the row stays for the calls that name it, and is never offered again. */
    public void markDeleted(UUID id) {
        jdbc.sql("""
                update call_result_detail set deleted = true, updated_at = current_timestamp, version = version + 1
                where id = :id
                """)
                .param("id", id).update();
    }
}
