package io.outboundcalls.process;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.zaxxer.hikari.HikariDataSource;
import io.outboundcalls.support.BenchDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.slf4j.LoggerFactory;

/**
 * What Camunda itself sustains on this machine right now, with none of this project's code: a naive five-step
 * process (start, a service task, a receive task, a user task, end) on a scratch PostgreSQL database, each instance
 * started, signalled and its task completed by one of two clients, the history level full as in the engine. The
 * issue measured such a process at 0.044 x pgbench's raw rate; the call rate read against this rate of the same run
 * tells the engine's own cost apart from the machine's speed, which differs by a factor of three between sessions.
 */
final class NaiveProcessRate {

    static final int CLIENTS = 2;
    static final int WARMUP_SECONDS = 10;
    static final int SECONDS = 10;

    private static final BpmnModelInstance FIVE_STEPS = Bpmn.createExecutableProcess("naiveFiveSteps")
            .startEvent("started")
            .serviceTask("doSomething").camundaExpression("${true}")
            .receiveTask("waitForSomething")
            .userTask("workOnSomething")
            .endEvent("done")
            .done();

    /** Process instances run to their end per second, after a warm-up. */
    static double measure() throws Exception {
        // before Spring configures logging, logback's default prints every engine INFO line of this round
        Logger camunda = (Logger) LoggerFactory.getLogger("org.camunda");
        Level level = camunda.getLevel();
        camunda.setLevel(Level.WARN);
        try (BenchDatabase database = BenchDatabase.create("bench_naive");
                HikariDataSource pool = database.pool(CLIENTS + 1)) {
            StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
            configuration.setDataSource(pool);
            configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
            configuration.setHistory(ProcessEngineConfiguration.HISTORY_FULL);
            configuration.setJobExecutorActivate(false);
            configuration.setProcessEngineName("naive-" + System.nanoTime());
            ProcessEngine engine = configuration.buildProcessEngine();
            try {
                engine.getRepositoryService().createDeployment().addModelInstance("naive.bpmn", FIVE_STEPS).deploy();
                run(engine, WARMUP_SECONDS);
                return run(engine, SECONDS) / (double) SECONDS;
            } finally {
                engine.close();
            }
        } finally {
            camunda.setLevel(level);
        }
    }

    private static long run(ProcessEngine engine, int seconds) throws Exception {
        AtomicBoolean over = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Long>> finished = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                finished.add(clients.submit(() -> {
                    long done = 0;
                    while (!over.get()) {
                        ProcessInstance instance = engine.getRuntimeService().startProcessInstanceByKey("naiveFiveSteps");
                        engine.getRuntimeService().signal(instance.getId());
                        Task task = engine.getTaskService().createTaskQuery().processInstanceId(instance.getId())
                                .singleResult();
                        engine.getTaskService().complete(task.getId());
                        done++;
                    }
                    return done;
                }));
            }
            Thread.sleep(seconds * 1000L);
            over.set(true);
            long total = 0;
            for (Future<Long> client : finished) {
                total += client.get();
            }
            return total;
        } finally {
            clients.shutdownNow();
        }
    }

    private NaiveProcessRate() {
    }
}
