package io.outboundcalls.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionSystemException;

/** How failures that no request can provoke on purpose (lost races, constraints hit meanwhile) are answered. */
class ProblemHandlerTest {

    final ProblemHandler handler = new ProblemHandler();

    @Test
    void aLostOptimisticRaceOfTheEngineIsAConflictWithARetryHint() {
        ResponseEntity<ProblemDetail> reply = handler.lostRace(new OptimisticLockingException("entity was updated"));

        assertRetryableConflict(reply);
    }

    @Test
    void aLostRaceWrappedByTheEngineOrTheCommitIsAConflictWithARetryHint() {
        Object engine = handler.unexpected(new ProcessEngineException("could not execute",
                new OptimisticLockingException("entity was updated by another transaction concurrently")));
        Object commit = handler.unexpected(new TransactionSystemException("commit failed",
                new CannotAcquireLockException("deadlock", new SQLException("deadlock detected", "40P01"))));

        assertRetryableConflict(engine);
        assertRetryableConflict(commit);
    }

    @Test
    void anIntegrityViolationIsAConflictNotAnInternalError() {
        DataIntegrityViolationException violation = new DataIntegrityViolationException("fk",
                new SQLException("insert or update violates foreign key constraint", "23503"));

        ProblemDetail direct = handler.integrityViolation(violation);
        Object wrapped = handler.unexpected(new ProcessEngineException("could not flush", violation));

        assertThat(direct.getStatus()).isEqualTo(409);
        assertThat(wrapped).isInstanceOfSatisfying(ProblemDetail.class, p -> assertThat(p.getStatus()).isEqualTo(409));
    }

    @Test
    void anythingElseStaysAnInternalErrorThatTellsNoDetails() {
        Object reply = handler.unexpected(new IllegalStateException("secret table name"));

        assertThat(reply).isInstanceOfSatisfying(ProblemDetail.class, p -> {
            assertThat(p.getStatus()).isEqualTo(500);
            assertThat(p.getDetail()).doesNotContain("secret");
        });
    }

    @SuppressWarnings("unchecked")
    private static void assertRetryableConflict(Object reply) {
        assertThat(reply).isInstanceOf(ResponseEntity.class);
        ResponseEntity<ProblemDetail> entity = (ResponseEntity<ProblemDetail>) reply;
        assertThat(entity.getStatusCode().value()).isEqualTo(409);
        assertThat(entity.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(entity.getBody()).isNotNull();
        assertThat(entity.getBody().getProperties()).containsEntry("retry", true);
    }
}
