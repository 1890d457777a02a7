package io.outboundcalls.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PbxEventWorkersTest {

    @Test
    void workQueuedFirstOvertakesWorkQueuedInTurnWhichKeepsItsOrder() throws InterruptedException {
        PbxEventWorkers workers = new PbxEventWorkers(1);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        workers.inTurn.execute(() -> {
            busy.countDown();
            await(release);
        });
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();

        workers.inTurn.execute(() -> ran.add("answer of call 1"));
        workers.inTurn.execute(() -> ran.add("answer of call 2"));
        workers.first.execute(() -> ran.add("hang-up an agent waits for"));
        workers.inTurn.execute(() -> ran.add("answer of call 3"));
        release.countDown();
        workers.shutdown();

        assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("hang-up an agent waits for", "answer of call 1", "answer of call 2",
                "answer of call 3");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
