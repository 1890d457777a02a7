package io.outboundcalls.pbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.outboundcalls.distribution.Campaign;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import io.outboundcalls.system.EngineNodes;
import io.outboundcalls.system.OutboundProperties;
import io.outboundcalls.system.RedoableCommit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A dial goes to the PBX only after its claim (Requested → Sending) is committed, as every other node sees it: a node
 * killed during the originate leaves the attempt Sending, which reconciliation asks the PBX about, never Requested,
 * which any node would send again. The PBX here is a gateway that, when asked to originate, reads the attempt's state
 * on a connection of its own, as another node would.
 */
@RunningEngineTest
class DialClaimIT {

    static final String RINGS_UNTIL_HUNG_UP = "+420724120490";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    IdentityService identity;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    OutboundProperties properties;
    @Autowired
    RedoableCommit redoable;
    @Autowired
    PbxGateway runningEnginesPbx;

    @Test
    void anAttemptIsClaimedForEveryNodeToSeeBeforeItsOriginateGoesOut() throws Exception {
        Campaign campaign = Campaign.create(jdbc, identity, port);
        // no agent is Ready: the call waits in its queue, and only this test dials it
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        CompletableFuture<String> stateSeenByOthers = new CompletableFuture<>();
        PbxGateway pbx = new PbxGateway() {
            @Override
            public void originate(OriginateRequest request) {
                stateSeenByOthers.complete(stateOnAConnectionOfItsOwn(request.callReference()));
            }

            @Override
            public void hangUp(String callReference) {
            }

            @Override
            public Set<String> liveReferences() {
                return Set.of();
            }
        };
        PbxDials dials = new PbxDials(jdbc, pbx, event -> { }, properties, Clock.systemUTC(),
                new SimpleMeterRegistry(), redoable, new EngineNodes(jdbc, properties, Clock.systemUTC()));
        try {
            String reference = new TransactionTemplate(transactions).execute(tx -> dials.request(call, 99,
                    new OriginateRequest("5999", RINGS_UNTIL_HUNG_UP, null, PbxDials.reference(call, 99))));

            assertThat(stateSeenByOthers.get(10, TimeUnit.SECONDS)).as("the attempt's state while it is originated")
                    .isEqualTo("Sending");
            Await.until("the attempt settled", Duration.ofSeconds(10), () -> state(reference), "Sent"::equals);
            assertThat(sendTries(reference)).isEqualTo(1);
        } finally {
            dials.destroy();
            campaign.close();
        }
    }

    /**
     * A decision that gives up an attempt not yet sent (a decline while dialing, a cancel) ends it in its own
     * transaction: ended only after the commit, a database failure or a crash in between left it Requested, and any
     * node then dialed an attempt the engine had given up. Rolled back, the decision gives up nothing.
     */
    @Test
    void anUnsentAttemptIsGivenUpWithTheDecisionItselfNotAfterItsCommit() throws Exception {
        Campaign campaign = Campaign.create(jdbc, identity, port);
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String reference = PbxDials.reference(call, 99);
        // due in an hour: no node's send round takes it meanwhile
        insertRequestedDial(reference, call, 99, OffsetDateTime.now().plusHours(1));
        List<String> hungUp = new CopyOnWriteArrayList<>();
        PbxDials dials = new PbxDials(jdbc, new RecordingPbx(hungUp), event -> { }, properties, Clock.systemUTC(),
                new SimpleMeterRegistry(), redoable, new EngineNodes(jdbc, properties, Clock.systemUTC()));
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        try {
            transaction.executeWithoutResult(tx -> {
                dials.hangUpAfterCommit(call);
                assertThat(state(reference)).as("inside the deciding transaction").isEqualTo("Ended");
                tx.setRollbackOnly();
            });
            assertThat(state(reference)).as("after a rollback").isEqualTo("Requested");

            transaction.executeWithoutResult(tx -> dials.hangUpAfterCommit(call));

            assertThat(state(reference)).isEqualTo("Ended");
            assertThat(hungUp).as("nothing went to the PBX for an attempt never sent").isEmpty();
        } finally {
            dials.destroy();
            campaign.close();
        }
    }

    /**
     * A node whose PBX connection is down, while the running engine's is up, does not try the attempt it requested:
     * tried there, it would use up a try and wait for the next, or end as a PBX out of reach after its last. It leaves
     * it Requested, and the running engine sends it, at its first try.
     */
    @Test
    void aNodeThatCannotReachThePbxLeavesItsDialToANodeThatCanInsteadOfUsingUpItsTries() throws InterruptedException {
        Campaign campaign = Campaign.create(jdbc, identity, port);
        // no agent is Ready: the call waits in its queue, and only this test dials it
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String reference = PbxDials.reference(call, 99);
        try (NodeOutOfReach node = new NodeOutOfReach()) {
            assertThat(outOfReachSince(node.nodeId)).as("the node's PBX out of reach, as the other nodes see it")
                    .isPresent();

            requestAttempt99(node, call);

            Await.until("the attempt sent", Duration.ofSeconds(15), () -> state(reference), "Sent"::equals);
            assertSentOnceByTheRunningEngine(reference, node);
        } finally {
            runningEnginesPbx.hangUp(reference);
            campaign.close();
        }
    }

    /**
     * Nor does such a node take an attempt due in its send round (one whose node died, or whose PBX was out of reach):
     * the round is left to the running engine, although this node looks for due attempts far more often.
     */
    @Test
    void aNodeThatCannotReachThePbxLeavesTheDueDialsToANodeThatCan() throws InterruptedException {
        Campaign campaign = Campaign.create(jdbc, identity, port);
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String reference = PbxDials.reference(call, 99);
        try (NodeOutOfReach node = new NodeOutOfReach()) {
            insertRequestedDial(reference, call, 99, OffsetDateTime.now().plusSeconds(1));

            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!"Sent".equals(state(reference)) && System.nanoTime() < deadline) {
                node.dials.sendDue();
                Thread.sleep(5);
            }
            assertThat(state(reference)).isEqualTo("Sent");
            assertSentOnceByTheRunningEngine(reference, node);
        } finally {
            runningEnginesPbx.hangUp(reference);
            campaign.close();
        }
    }

    /**
     * The node that reaches the PBX may have been killed since its last heartbeat, which counts as a sign of life for
     * 20 s. While such a node was seen within two heartbeats, a node that cannot reach the PBX leaves it the due
     * dials (it may be slow to send, and keeps them). Once it has not been seen for two heartbeats, the node tries
     * what is due after all, instead of leaving it to a dead node until that node counts as dead.
     */
    @Test
    void aNodeThatCannotReachThePbxTriesTheDueDialsOnceTheNodesThatReachItMissedTwoHeartbeats()
            throws InterruptedException {
        Campaign campaign = Campaign.create(jdbc, identity, port);
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String longDue = PbxDials.reference(call, 98);
        String notYetDue = PbxDials.reference(call, 99);
        // The node's clock stands 60 s ahead. To the node, the running engine, which reaches the PBX, was last seen a
        // minute ago and so does not count: only the test's peer does. And the running engine sends neither attempt
        // before the node's send rounds: they are due 41 s and 65 s from now for it, 19 s ago and in 5 s for the node.
        OffsetDateTime now = OffsetDateTime.now();
        String reachingPeer = "reaching-peer-" + UUID.randomUUID();
        try (NodeOutOfReach node = new NodeOutOfReach(Clock.fixed(now.plusSeconds(60).toInstant(), ZoneOffset.UTC))) {
            insertRequestedDial(longDue, call, 98, now.plusSeconds(41));
            insertRequestedDial(notYetDue, call, 99, now.plusSeconds(65));
            jdbc.sql("insert into engine_node (node_id, started_at, seen_at) values (:node, :seen, :seen)")
                    .param("node", reachingPeer).param("seen", now.plusSeconds(52)).update();

            node.dials.sendDue();
            assertThat(sendTries(longDue)).as("tries while a node reaching the PBX was seen 8 s ago").isZero();

            jdbc.sql("update engine_node set seen_at = :seen where node_id = :node")
                    .param("node", reachingPeer).param("seen", now.plusSeconds(48)).update();
            node.dials.sendDue();

            assertThat(sendTries(longDue)).as("tries once that node was last seen 12 s ago").isEqualTo(1);
            assertThat(dialNode(longDue)).isEqualTo(node.nodeId);
            assertThat(sendTries(notYetDue)).as("tries of the attempt not yet due").isZero();
        } finally {
            jdbc.sql("update pbx_dial set state = 'Ended' where reference in (:references)")
                    .param("references", List.of(longDue, notYetDue)).update();
            jdbc.sql("delete from engine_node where node_id = :node").param("node", reachingPeer).update();
            campaign.close();
        }
    }

    private void insertRequestedDial(String reference, UUID call, int attempt, OffsetDateTime due) {
        jdbc.sql("""
                insert into pbx_dial (reference, call_id, attempt, agent_extension, number, state, requested_at,
                    node_id, next_send_at)
                values (:reference, :call, :attempt, '5999', :number, 'Requested', :now, 'a node', :due)
                """).param("reference", reference).param("call", call).param("attempt", attempt)
                .param("number", RINGS_UNTIL_HUNG_UP).param("now", OffsetDateTime.now()).param("due", due).update();
    }

    private int sendTries(String reference) {
        return jdbc.sql("select send_tries from pbx_dial where reference = :reference").param("reference", reference)
                .query(Integer.class).single();
    }

    /**
     * Such a node's next sweep that reaches the PBX ends its deferring: it tells the other nodes, and sends its own
     * dials again.
     */
    @Test
    void aNodeThatReachesThePbxAgainSendsItsDialsItself() throws InterruptedException {
        Campaign campaign = Campaign.create(jdbc, identity, port);
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String reference = PbxDials.reference(call, 99);
        try (NodeOutOfReach node = new NodeOutOfReach()) {
            node.pbx.down = false;

            assertThat(node.dials.liveReferences()).isEmpty();
            assertThat(outOfReachSince(node.nodeId)).as("the node's PBX out of reach, as the other nodes see it")
                    .isEmpty();
            requestAttempt99(node, call);

            Await.until("the attempt sent", Duration.ofSeconds(15), () -> state(reference), "Sent"::equals);
            assertThat(dialNode(reference)).isEqualTo(node.nodeId);
            assertThat(node.pbx.originated).containsExactly(reference);
        } finally {
            // the line exists only in the test's PBX
            jdbc.sql("update pbx_dial set state = 'Ended' where reference = :reference").param("reference", reference)
                    .update();
            campaign.close();
        }
    }

    /** Attempt 99 of the call, requested by the node in a transaction of its own and originated after its commit. */
    private void requestAttempt99(NodeOutOfReach node, UUID call) {
        new TransactionTemplate(transactions).execute(tx -> node.dials.request(call, 99,
                new OriginateRequest("5999", RINGS_UNTIL_HUNG_UP, null, PbxDials.reference(call, 99))));
    }

    private String dialNode(String reference) {
        return jdbc.sql("select node_id from pbx_dial where reference = :reference").param("reference", reference)
                .query(String.class).single();
    }

    private Optional<OffsetDateTime> outOfReachSince(String nodeId) {
        return jdbc.sql("select pbx_out_of_reach_since from engine_node where node_id = :node")
                .param("node", nodeId).query(OffsetDateTime.class).optional();
    }

    private void assertSentOnceByTheRunningEngine(String reference, NodeOutOfReach node) {
        assertThat(sendTries(reference)).as("tries").isEqualTo(1);
        assertThat(dialNode(reference)).isEqualTo(properties.nodeId());
        assertThat(node.meters.get("outbound.pbx.dials").tag("outcome", "retried").counter().count())
                .as("tries of the node that cannot reach the PBX").isZero();
    }

    /** A second node, alive, whose PBX connection is down; it has found that out already. */
    private final class NodeOutOfReach implements AutoCloseable {

        final String nodeId = "out-of-reach-" + UUID.randomUUID();
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final PbxOutOfReach pbx = new PbxOutOfReach();
        final PbxDials dials;

        NodeOutOfReach() {
            this(Clock.systemUTC());
        }

        NodeOutOfReach(Clock clock) {
            OutboundProperties own = new OutboundProperties(properties.defaultRegion(), properties.timeZone(), nodeId,
                    properties.distribution(), properties.postConditions(), properties.pbx());
            jdbc.sql("insert into engine_node (node_id, started_at, seen_at) values (:node, :now, :now)")
                    .param("node", nodeId).param("now", OffsetDateTime.now()).update();
            dials = new PbxDials(jdbc, pbx, event -> { }, own, clock, meters, redoable,
                    new EngineNodes(jdbc, own, clock));
            assertThatThrownBy(dials::liveReferences).isInstanceOf(PbxUnavailableException.class);
        }

        @Override
        public void close() throws InterruptedException {
            dials.destroy();
            jdbc.sql("delete from engine_node where node_id = :node").param("node", nodeId).update();
        }
    }

    private record RecordingPbx(List<String> hungUp) implements PbxGateway {
        @Override
        public void originate(OriginateRequest request) {
            throw new AssertionError("nothing is dialed here: " + request.callReference());
        }

        @Override
        public void hangUp(String callReference) {
            hungUp.add(callReference);
        }

        @Override
        public Set<String> liveReferences() {
            return Set.of();
        }
    }

    private String stateOnAConnectionOfItsOwn(String reference) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select state from pbx_dial where reference = ?")) {
            select.setString(1, reference);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : "none";
            }
        } catch (SQLException e) {
            return e.toString();
        }
    }

    private String state(String reference) {
        return jdbc.sql("select state from pbx_dial where reference = :reference").param("reference", reference)
                .query(String.class).optional().orElse("none");
    }
}
