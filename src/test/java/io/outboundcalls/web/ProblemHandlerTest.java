package io.outboundcalls.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.domain.ConcurrentChangeException;
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
        ResponseEntity<ProblemDetail> engine = handler.unexpected(new ProcessEngineException("could not execute",
                new OptimisticLockingException("entity was updated by another transaction concurrently")));
        ResponseEntity<ProblemDetail> commit = handler.unexpected(new TransactionSystemException("commit failed",
                new CannotAcquireLockException("deadlock", new SQLException("deadlock detected", "40P01"))));

        assertRetryableConflict(engine);
        assertRetryableConflict(commit);
    }

    @Test
    void aRaceTheEngineNamesInItsOwnWordsIsAConflictWithARetryHintAndThoseWords() {
        ResponseEntity<ProblemDetail> reply = handler.concurrentChange(
                new ConcurrentChangeException("the customer hung up at the same time; send the result again"));

        assertRetryableConflict(reply);
        assertThat(reply.getBody().getDetail()).isEqualTo("the customer hung up at the same time; send the result again");
    }

    @Test
    void anIntegrityViolationIsAConflictNotAnInternalError() {
        DataIntegrityViolationException violation = new DataIntegrityViolationException("fk",
                new SQLException("insert or update violates foreign key constraint", "23503"));

        ProblemDetail direct = handler.integrityViolation(violation);
        ResponseEntity<ProblemDetail> wrapped = handler.unexpected(new ProcessEngineException("could not flush",
                violation));

        assertThat(direct.getStatus()).isEqualTo(409);
        assertThat(wrapped.getStatusCode().value()).isEqualTo(409);
        assertThat(wrapped.getBody()).isNotNull();
        assertThat(wrapped.getBody().getStatus()).isEqualTo(409);
    }

    @Test
    void aValueTheDatabaseCannotStoreIsBadInputNotAConflict() {
        ProblemDetail reply = handler.integrityViolation(new DataIntegrityViolationException("too long",
                new SQLException("value too long for type character varying(48)", "22001")));

        assertThat(reply.getStatus()).isEqualTo(400);
        assertThat(reply.getDetail()).doesNotContain("varying");
    }

    @Test
    void anythingElseStaysAnInternalErrorThatTellsNoDetails() {
        ResponseEntity<ProblemDetail> reply = handler.unexpected(new IllegalStateException("secret table name"));

        assertThat(reply.getStatusCode().value()).isEqualTo(500);
        assertThat(reply.getBody()).isNotNull();
        assertThat(reply.getBody().getDetail()).doesNotContain("secret");
    }

    private static void assertRetryableConflict(ResponseEntity<ProblemDetail> entity) {
        assertThat(entity.getStatusCode().value()).isEqualTo(409);
        assertThat(entity.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(entity.getBody()).isNotNull();
        assertThat(entity.getBody().getProperties()).containsEntry("retry", true);
    }
}
