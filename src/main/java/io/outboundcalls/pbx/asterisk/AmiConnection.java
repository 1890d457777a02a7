package io.outboundcalls.pbx.asterisk;

import io.outboundcalls.pbx.PbxOutcomeUnknownException;
import io.outboundcalls.pbx.PbxUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.asteriskjava.manager.DefaultManagerConnection;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.TimeoutException;
import org.asteriskjava.manager.action.EventGeneratingAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's AMI session. It logs in when the application starts, and again whenever the session is lost: by a
 * task scheduled after a pause that doubles from {@code reconnect-first} to {@code reconnect-longest}, so no thread
 * waits for Asterisk and the application starts and serves without it. asterisk-java's own reconnect (a thread that
 * sleeps in a loop) is stopped: a lost session is logged off and a new one logged in. After every login the
 * listeners' start-up work runs (the lines' snapshot, the agents' phones), since events of the gap are lost.
 */
@Component
@ConditionalOnProperty(prefix = "outbound.pbx", name = "adapter", havingValue = "asterisk")
class AmiConnection implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(AmiConnection.class);

    private final AsteriskProperties properties;
    private final List<Consumer<ManagerEvent>> eventListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> loginListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ami-connect");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ManagerConnection session;
    private volatile boolean running;
    private volatile String problem = "not connected yet";
    private volatile Instant downSince = Instant.now();
    private int failedLogins;

    AmiConnection(AsteriskProperties properties) {
        this.properties = properties;
    }

    /** Receives every AMI event of the session, on its reader's thread. */
    void onEvent(Consumer<ManagerEvent> listener) {
        eventListeners.add(listener);
    }

    /** Runs after every successful login, on the connector's thread. */
    void onLogin(Runnable listener) {
        loginListeners.add(listener);
    }

    boolean isUp() {
        ManagerConnection current = session;
        return current != null && current.getState() == ManagerConnectionState.CONNECTED;
    }

    String problem() {
        return problem;
    }

    Instant downSince() {
        return downSince;
    }

    String address() {
        return properties.host() + ":" + properties.port();
    }

    /**
     * Sends an action and returns Asterisk's response; a session that is down, or a write that fails (asterisk-java
     * throws IOException only from writing the action), is the PBX out of reach. An action written whose response
     * does not come in time (also when the session breaks meanwhile: asterisk-java then ends the wait as a timeout)
     * may have been carried out all the same: {@link PbxOutcomeUnknownException}.
     */
    ManagerResponse send(ManagerAction action) {
        ManagerConnection current = requireSession();
        try {
            return current.sendAction(action, properties.actionTimeout().toMillis());
        } catch (TimeoutException e) {
            throw new PbxOutcomeUnknownException("AMI action " + action.getAction() + " got no answer: " + e, e);
        } catch (Exception e) {
            throw new PbxUnavailableException("AMI action " + action.getAction() + " failed: " + e, e);
        }
    }

    /** Sends an action that Asterisk answers with a list of events, and returns them. */
    ResponseEvents list(EventGeneratingAction action) {
        ManagerConnection current = requireSession();
        try {
            return current.sendEventGeneratingAction(action, properties.actionTimeout().toMillis());
        } catch (Exception e) {
            throw new PbxUnavailableException("AMI action " + action.getAction() + " failed: " + e, e);
        }
    }

    private ManagerConnection requireSession() {
        ManagerConnection current = session;
        if (current == null || current.getState() != ManagerConnectionState.CONNECTED) {
            throw new PbxUnavailableException("Asterisk at " + address() + " is not connected: " + problem, null);
        }
        return current;
    }

    @Override
    public void start() {
        running = true;
        connector.execute(this::login);
    }

    @Override
    public void stop() {
        running = false;
        connector.shutdownNow();
        ManagerConnection current = session;
        session = null;
        if (current != null) {
            logOff(current);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the inbox and the dials stop (they run in the default phase), after they start. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private void login() {
        if (!running) {
            return;
        }
        DefaultManagerConnection candidate = new DefaultManagerConnection(properties.host(), properties.port(),
                properties.username(), properties.secret());
        candidate.setDefaultResponseTimeout(properties.actionTimeout().toMillis());
        candidate.setSocketTimeout((int) properties.actionTimeout().toMillis());
        candidate.registerUserEventClass(AmiChannelEvents.Newstate.class);
        candidate.registerUserEventClass(AmiChannelEvents.DialBegin.class);
        candidate.registerUserEventClass(AmiChannelEvents.DialEnd.class);
        candidate.registerUserEventClass(AmiChannelEvents.Hangup.class);
        candidate.registerUserEventClass(AmiChannelEvents.CoreShowChannel.class);
        candidate.addEventListener(event -> dispatch(candidate, event));
        try {
            candidate.login("on");
        } catch (Exception e) {
            problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            logOff(candidate);
            retryLater();
            return;
        }
        session = candidate;
        failedLogins = 0;
        problem = null;
        LOG.info("Logged in to Asterisk at {} as {}", address(), properties.username());
        for (Runnable listener : loginListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("Start-up work after the AMI login failed: {}", e.toString());
            }
        }
    }

    private void dispatch(ManagerConnection source, ManagerEvent event) {
        if (event instanceof DisconnectEvent) {
            lost(source);
            return;
        }
        for (Consumer<ManagerEvent> listener : eventListeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.error("AMI event {} not handled", event.getClass().getSimpleName(), e);
            }
        }
    }

    private void lost(ManagerConnection source) {
        if (session != source) {
            return;
        }
        session = null;
        problem = "connection lost";
        downSince = Instant.now();
        LOG.warn("AMI session to {} lost; logging in again", address());
        try {
            connector.execute(() -> {
                logOff(source);
                retryLater();
            });
        } catch (RejectedExecutionException stopping) {
            logOff(source);
        }
    }

    private void retryLater() {
        if (!running) {
            return;
        }
        long first = properties.reconnectFirst().toMillis();
        long delay = Math.min(properties.reconnectLongest().toMillis(), first << Math.min(failedLogins, 20));
        failedLogins++;
        LOG.warn("Asterisk at {} not reachable ({}); next login in {}", address(), problem, Duration.ofMillis(delay));
        connector.schedule(this::login, delay, TimeUnit.MILLISECONDS);
    }

    /** Ends a session for good, also asterisk-java's reconnect loop of it. */
    private static void logOff(ManagerConnection connection) {
        try {
            ManagerConnectionState state = connection.getState();
            if (state == ManagerConnectionState.CONNECTED || state == ManagerConnectionState.RECONNECTING) {
                connection.logoff();
            }
        } catch (RuntimeException e) {
            LOG.debug("AMI logoff: {}", e.toString());
        }
    }
}
