package io.outboundcalls.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.EngineNode;
import io.outboundcalls.support.ScratchDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A start on a database that gets no demo data (not the embedded H2, profile demo off): the administrator comes from
 * outbound.admin, no demo user exists, the setup page is closed, and without the password the engine does not start.
 * The embedded H2 of the default settings keeps the demo data.
 */
class FirstAdministratorIT {

    @Test
    void withoutDemoDataTheAdministratorComesFromConfigurationAndNoDemoUserExists() throws Exception {
        try (ScratchDatabase database = ScratchDatabase.create("first_admin")) {
            List<String> properties = new ArrayList<>(database.nodeProperties());
            // the suite's configuration activates demo; a production start does not
            properties.addAll(List.of("--spring.profiles.active=prod", "--outbound.admin.username=chief",
                    "--outbound.admin.password=Chief-Secret-1"));
            try (EngineNode node = EngineNode.start("first-admin", properties)) {
                Api chief = Api.as(node.port(), "chief", "Chief-Secret-1");

                assertThat(chief.get("/api/config").status()).isEqualTo(200);
                assertThat(Api.as(node.port(), "admin", "admin").get("/api/agents").status()).isEqualTo(401);
                assertThat(Api.as(node.port(), "agent1", "agent1").get("/api/agents").status()).isEqualTo(401);
                Api.Reply setup = Api.anonymous(node.port()).post("/camunda/api/admin/setup/default/user/create",
                        "{\"profile\":{\"id\":\"intruder\"},\"credentials\":{\"password\":\"intruder\"}}");
                assertThat(setup.status()).as(setup.toString()).isEqualTo(403);
            }
            JdbcClient sql = JdbcClient.create(database.dataSource());
            assertThat(sql.sql("select id_ from act_id_user order by id_").query(String.class).list())
                    .containsExactly("chief");
            assertThat(sql.sql("select count(*) from agent").query(Long.class).single()).isZero();
            assertThat(sql.sql("select group_id_ from act_id_membership where user_id_ = 'chief'")
                    .query(String.class).list()).containsExactly("camunda-admin");
        }
    }

    @Test
    void theEmbeddedH2GetsTheDemoDataWithoutTheProfileOrAnAdministratorPassword() throws Exception {
        // what a newcomer's mvn spring-boot:run does: the embedded H2, no profile, no settings
        List<String> properties = List.of("--spring.profiles.active=prod",
                "--spring.datasource.url=jdbc:h2:mem:newcomer;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        try (EngineNode node = EngineNode.start("newcomer", properties)) {
            assertThat(Api.as(node.port(), "admin", "admin").get("/api/config").status()).isEqualTo(200);
            assertThat(Api.as(node.port(), "agent1", "agent1").get("/api/agent").status()).isEqualTo(200);
        }
    }

    @Test
    void withoutDemoDataAndWithoutAnAdministratorPasswordTheEngineDoesNotStart() throws Exception {
        try (ScratchDatabase database = ScratchDatabase.create("no_admin")) {
            List<String> properties = new ArrayList<>(database.nodeProperties());
            properties.add("--spring.profiles.active=prod");

            assertThatThrownBy(() -> EngineNode.start("no-admin", properties).close())
                    .hasMessageContaining("stopped while starting");

            assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("target", "no-admin.log")))
                    .contains("No administrator configured").contains("OUTBOUND_ADMIN_PASSWORD");
        }
    }
}
