package io.outboundcalls.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.RunningEngineTest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transaction the engine redoes when it is lost commits without waiting for the disk (on PostgreSQL), and only
 * that one: the pooled connection's next transaction, and a caller's transaction that the work joins, wait again.
 */
@RunningEngineTest
class RedoableCommitIT {

    @Autowired
    RedoableCommit redoable;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    PlatformTransactionManager transactionManager;

    boolean postgres;

    @BeforeEach
    void tellTheDatabase() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        }
    }

    @Test
    void theWorkRunsInATransactionOfItsOwnThatCommits() {
        String key = "redoable-" + UUID.randomUUID();
        AtomicReference<Boolean> inTransaction = new AtomicReference<>();
        redoable.run(() -> {
            inTransaction.set(TransactionSynchronizationManager.isActualTransactionActive());
            jdbc.sql("insert into config_parameter (name, config_value) values (:name, 'x')").param("name", key)
                    .update();
        });

        assertThat(inTransaction.get()).isTrue();
        assertThat(jdbc.sql("select count(*) from config_parameter where name = :name").param("name", key)
                .query(Integer.class).single()).isEqualTo(1);
        jdbc.sql("delete from config_parameter where name = :name").param("name", key).update();
    }

    @Test
    void onlyTheRedoableTransactionSkipsTheWaitForTheDisk() {
        AtomicReference<String> inside = new AtomicReference<>();
        redoable.run(() -> inside.set(synchronousCommit()));
        List<String> after = new ArrayList<>();
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        // the pool hands this thread its last connection again: the setting must not have stayed on it
        for (int i = 0; i < 5; i++) {
            after.add(transaction.execute(tx -> synchronousCommit()));
        }

        if (postgres) {
            assertThat(inside.get()).isEqualTo("off");
            assertThat(after).containsOnly("on");
        } else {
            assertThat(inside.get()).isEqualTo("not PostgreSQL");
        }
    }

    @Test
    void workInsideACallersTransactionKeepsThatTransactionsDurability() {
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        AtomicReference<String> inside = new AtomicReference<>();
        transaction.executeWithoutResult(tx -> redoable.run(() -> inside.set(synchronousCommit())));

        assertThat(inside.get()).isEqualTo(postgres ? "on" : "not PostgreSQL");
    }

    private String synchronousCommit() {
        return postgres ? jdbc.sql("select current_setting('synchronous_commit')").query(String.class).single()
                : "not PostgreSQL";
    }
}
