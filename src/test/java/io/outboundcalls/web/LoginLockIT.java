package io.outboundcalls.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import io.outboundcalls.support.WebappSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wrong passwords slow a guesser down (per user in the engine, per client address here) but lock nobody out for
 * longer than {@code outbound.login.lock} (seconds in the tests' configuration, minutes by default).
 */
@RunningEngineTest
class LoginLockIT {

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identity;
    @Autowired
    JdbcClient jdbc;
    @Value("${outbound.login.lock}")
    Duration lock;
    @Value("${outbound.login.failures-per-address}")
    int failuresPerAddress;

    final List<String> users = new ArrayList<>();

    @AfterEach
    void removeUsers() {
        users.forEach(identity::deleteUser);
    }

    @Test
    void twelveWrongPasswordsLockForTheConfiguredTimeOnly() {
        String login = user();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(Api.as(port, login, "wrong" + i).get("/api/agent-statuses").status());
        }
        Api.Reply rightAtOnce = Api.as(port, login, login).get("/api/agent-statuses");

        // the first wrong passwords are checked; after failures-per-address of them this address has to wait
        assertThat(statuses.subList(0, failuresPerAddress)).containsOnly(401);
        assertThat(statuses.subList(failuresPerAddress, 12)).containsOnly(429);
        assertThat(rightAtOnce.status()).as(rightAtOnce.toString()).isIn(401, 429);
        // one try after the configured time: polling with the right password during a lock counts as guessing
        sleep(lock.plusSeconds(1));
        Api.Reply rightAfterTheLock = Api.as(port, login, login).get("/api/agent-statuses");

        assertThat(rightAfterTheLock.status()).as(rightAfterTheLock.toString()).isEqualTo(200);
        // the successful login cleared the engine's count: no lock is left behind
        Map<String, Object> row = jdbc.sql("select attempts_, lock_exp_time_ from act_id_user where id_ = :id")
                .param("id", login).query().singleRow();
        assertThat(((Number) row.get("attempts_")).intValue()).isZero();
        assertThat(row.get("lock_exp_time_")).isNull();
    }

    @Test
    void theWebappLoginIsThrottledPerAddressToo() {
        String login = user();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(WebappSession.open(port).login("tasklist", login, "wrong" + i).status());
        }

        assertThat(statuses.subList(0, failuresPerAddress)).containsOnly(401);
        assertThat(statuses.subList(failuresPerAddress, 12)).containsOnly(429);
        sleep(lock.plusSeconds(1));
        Api.Reply rightAfterTheLock = WebappSession.open(port).login("tasklist", login, login);

        assertThat(rightAfterTheLock.status()).as(rightAfterTheLock.toString()).isEqualTo(200);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String user() {
        String login = "lock" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        User user = identity.newUser(login);
        user.setPassword(login);
        identity.saveUser(user);
        identity.createMembership(login, Authorities.AGENTS_GROUP);
        users.add(login);
        return login;
    }
}
