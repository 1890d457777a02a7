package io.outboundcalls.pbx.asterisk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A small Asterisk Manager Interface server on loopback, speaking AMI over TCP as Asterisk 18 does: the banner,
 * Challenge and an MD5 Login, CoreSettings, Originate (asynchronous: the agent's channel rings), CoreShowChannels,
 * Hangup, ExtensionState, Ping and Logoff. Events go to every logged-in session, as Asterisk broadcasts them, with the
 * channel variable OUTBOUND_REF ({@code channelvars} of manager.conf). The test plays the phones: it answers the
 * agent's leg, dials and answers the customer's, hangs up with a cause, changes a phone's state, drops the sessions.
 */
final class FakeAsterisk implements AutoCloseable {

    static final String USER = "outbound";
    static final String SECRET = "s3cret";

    /** An action a session received, in the order of its lines. */
    record Action(Map<String, String> headers, List<String> variables) {

        String get(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** A channel of a call: the agent's leg (created by the originate) or the customer's. */
    record Channel(String name, String uniqueId, String linkedId, String reference, String exten, int state) {

        Channel withState(int newState) {
            return new Channel(name, uniqueId, linkedId, reference, exten, newState);
        }
    }

    private volatile int boundPort;
    private final List<Action> actions = new CopyOnWriteArrayList<>();
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Map<String, Integer> extensionStates = new ConcurrentHashMap<>();
    /** The ActionID each reference's Originate came with, for its OriginateResponse. */
    private final Map<String, String> originateActionIds = new ConcurrentHashMap<>();
    private final AtomicLong uniqueIds = new AtomicLong(1_700_000_000_000L);
    private final AtomicLong logins = new AtomicLong();
    private volatile String rejectNumbersEndingIn = "0488";
    /** Numbers whose Originate Asterisk takes and then neither answers nor carries out (a stalled Asterisk). */
    private volatile String stallOnNumbersEndingIn = "0477";
    private volatile ServerSocket server;

    private FakeAsterisk(int port) {
        this.boundPort = port;
    }

    /** A fake listening on a free port of loopback. */
    static FakeAsterisk start() throws IOException {
        FakeAsterisk fake = new FakeAsterisk(0);
        fake.listen();
        return fake;
    }

    /** A fake for this port that does not listen yet (Asterisk down): {@link #listen} starts it. */
    static FakeAsterisk notListening(int port) {
        return new FakeAsterisk(port);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    synchronized void listen() throws IOException {
        ServerSocket socket = new ServerSocket(boundPort, 50, InetAddress.getLoopbackAddress());
        boundPort = socket.getLocalPort();
        server = socket;
        Thread acceptor = new Thread(() -> accept(socket), "fake-asterisk-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return boundPort;
    }

    /** Asterisk goes away: the listener closes and every session drops; the channels stay up (a network cut). */
    synchronized void goAway() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (Session session : sessions) {
            session.close();
        }
        sessions.clear();
    }

    /** Asterisk is back on the same port. */
    synchronized void comeBack() throws IOException {
        if (server == null) {
            listen();
        }
    }

    long loginCount() {
        return logins.get();
    }

    int loggedInSessions() {
        return (int) sessions.stream().filter(s -> s.loggedIn).count();
    }

    List<Action> originates() {
        return actions.stream().filter(a -> "originate".equalsIgnoreCase(a.get("Action"))).toList();
    }

    List<Action> actionsNamed(String name) {
        return actions.stream().filter(a -> name.equalsIgnoreCase(a.get("Action"))).toList();
    }

    /** The originates whose reference variable names this call. */
    List<Action> originatesOf(String callId) {
        return originates().stream().filter(a -> referenceOf(a).startsWith(callId + ":")).toList();
    }

    Optional<Channel> agentLeg(String reference) {
        return channels.values().stream()
                .filter(c -> c.reference().equals(reference) && c.uniqueId().equals(c.linkedId())).findFirst();
    }

    Optional<Channel> customerLeg(String reference) {
        return channels.values().stream()
                .filter(c -> c.reference().equals(reference) && !c.uniqueId().equals(c.linkedId())).findFirst();
    }

    static String referenceOf(Action originate) {
        return originate.variables().stream().filter(v -> v.startsWith("__OUTBOUND_REF="))
                .map(v -> v.substring("__OUTBOUND_REF=".length())).findFirst().orElse("");
    }

    // --- the phones, played by the test ---

    /** The agent picks up: the agent's leg is Up and the originate succeeded. */
    void agentAnswers(String reference) {
        Channel agent = agentLeg(reference).orElseThrow();
        channels.put(agent.uniqueId(), agent.withState(6));
        broadcast(channelEvent("Newstate", agent.withState(6)));
        broadcast(originateResponse(reference, "Success", 4, agent));
    }

    /** The agent's phone rings out: the originate fails and the agent's channel is gone. */
    void agentDoesNotAnswer(String reference) {
        Channel agent = agentLeg(reference).orElseThrow();
        channels.remove(agent.uniqueId());
        broadcast(originateResponse(reference, "Failure", 3, agent));
    }

    /** The dialplan dials the customer from the agent's channel. */
    Channel dialCustomer(String reference) {
        Channel agent = agentLeg(reference).orElseThrow();
        Channel customer = new Channel("PJSIP/trunk-" + uniqueIds.incrementAndGet(), nextUniqueId(),
                agent.uniqueId(), reference, agent.exten(), 5);
        channels.put(customer.uniqueId(), customer);
        Map<String, String> begin = dialEvent("DialBegin", agent, customer, null);
        broadcast(begin);
        broadcast(channelEvent("Newstate", customer));
        return customer;
    }

    void customerAnswers(String reference) {
        Channel agent = agentLeg(reference).orElseThrow();
        Channel customer = customerLeg(reference).orElseThrow().withState(6);
        channels.put(customer.uniqueId(), customer);
        broadcast(channelEvent("Newstate", customer));
        broadcast(dialEvent("DialEnd", agent, customer, "ANSWER"));
    }

    /** The customer answers while no session is there to hear it (a network cut). */
    void customerAnswersUnheard(String reference) {
        Channel customer = customerLeg(reference).orElseThrow().withState(6);
        channels.put(customer.uniqueId(), customer);
    }

    /** Dial ends without an answer (BUSY, NOANSWER, CONGESTION, ...) and the customer's leg hangs up with a cause. */
    void dialEnds(String reference, String dialStatus, int cause) {
        Channel agent = agentLeg(reference).orElseThrow();
        Channel customer = customerLeg(reference).orElseThrow();
        broadcast(dialEvent("DialEnd", agent, customer, dialStatus));
        hangUpChannel(customer, cause);
    }

    /** The customer's leg alone hangs up with this cause, without a DialEnd. */
    void customerHangsUp(String reference, int cause) {
        hangUpChannel(customerLeg(reference).orElseThrow(), cause);
    }

    /** Both legs hang up with this cause, the customer's first. */
    void hangUp(String reference, int cause) {
        customerLeg(reference).ifPresent(c -> hangUpChannel(c, cause));
        agentLeg(reference).ifPresent(c -> hangUpChannel(c, cause));
    }

    /** Sends one event again, exactly as before: a duplicate delivery. */
    void repeatAnswer(String reference) {
        Channel agent = agentLeg(reference).orElseThrow();
        Channel customer = customerLeg(reference).orElseThrow();
        broadcast(dialEvent("DialEnd", agent, customer, "ANSWER"));
    }

    /** A phone changes state (0 idle, 1 in use, 8 ringing): ExtensionStatus and DeviceStateChange. */
    void phoneState(String extension, int status) {
        extensionStates.put(extension, status);
        Map<String, String> extensionStatus = new LinkedHashMap<>();
        extensionStatus.put("Event", "ExtensionStatus");
        extensionStatus.put("Privilege", "call,all");
        extensionStatus.put("Exten", extension);
        extensionStatus.put("Context", "default");
        extensionStatus.put("Hint", "PJSIP/" + extension);
        extensionStatus.put("Status", String.valueOf(status));
        extensionStatus.put("StatusText", status == 0 ? "Idle" : status == 8 ? "Ringing" : "InUse");
        broadcast(extensionStatus);
        Map<String, String> device = new LinkedHashMap<>();
        device.put("Event", "DeviceStateChange");
        device.put("Privilege", "call,all");
        device.put("Device", "PJSIP/" + extension);
        device.put("State", status == 0 ? "NOT_INUSE" : status == 8 ? "RINGING" : "INUSE");
        broadcast(device);
    }

    private void hangUpChannel(Channel channel, int cause) {
        channels.remove(channel.uniqueId());
        Map<String, String> hangup = channelEvent("Hangup", channel);
        hangup.put("Cause", String.valueOf(cause));
        hangup.put("Cause-txt", cause == 16 ? "Normal Clearing" : cause == 17 ? "User busy" : "Cause " + cause);
        broadcast(hangup);
    }

    private String nextUniqueId() {
        long id = uniqueIds.incrementAndGet();
        return (id / 1000) + "." + (id % 1000);
    }

    private Map<String, String> channelEvent(String name, Channel channel) {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("Event", name);
        event.put("Privilege", "call,all");
        event.put("Channel", channel.name());
        event.put("ChannelState", String.valueOf(channel.state()));
        event.put("ChannelStateDesc", channel.state() == 6 ? "Up" : channel.state() == 5 ? "Ringing" : "Down");
        event.put("CallerIDNum", "<unknown>");
        event.put("Context", "outbound-calls");
        event.put("Exten", channel.exten());
        event.put("Priority", "1");
        event.put("Uniqueid", channel.uniqueId());
        event.put("Linkedid", channel.linkedId());
        event.put("ChanVariable", AmiChannelEvents.REFERENCE_VARIABLE + "=" + channel.reference());
        return event;
    }

    private Map<String, String> dialEvent(String name, Channel caller, Channel dest, String status) {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("Event", name);
        event.put("Privilege", "call,all");
        event.put("Channel", caller.name());
        event.put("ChannelState", String.valueOf(caller.state()));
        event.put("Uniqueid", caller.uniqueId());
        event.put("Linkedid", caller.linkedId());
        event.put("ChanVariable", AmiChannelEvents.REFERENCE_VARIABLE + "=" + caller.reference());
        event.put("DestChannel", dest.name());
        event.put("DestChannelState", String.valueOf(dest.state()));
        event.put("DestUniqueid", dest.uniqueId());
        event.put("DestLinkedid", dest.linkedId());
        event.put("DestChanVariable", AmiChannelEvents.REFERENCE_VARIABLE + "=" + dest.reference());
        event.put("DialString", "trunk/" + dest.exten());
        if (status != null) {
            event.put("DialStatus", status);
        }
        return event;
    }

    private Map<String, String> originateResponse(String reference, String response, int reason, Channel agent) {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("Event", "OriginateResponse");
        event.put("Privilege", "call,all");
        event.put("ActionID", originateActionIds.getOrDefault(reference, reference));
        event.put("Response", response);
        event.put("Channel", agent.name());
        event.put("Context", "outbound-calls");
        event.put("Exten", agent.exten());
        event.put("Reason", String.valueOf(reason));
        event.put("Uniqueid", agent.uniqueId());
        return event;
    }

    private void broadcast(Map<String, String> event) {
        for (Session session : sessions) {
            if (session.loggedIn) {
                session.write(event);
            }
        }
    }

    /** Waits (polling, with a deadline) for an originate that matches. */
    Action awaitOriginate(Predicate<Action> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Action> found = originates().stream().filter(matching).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            pause();
        }
        throw new AssertionError("no matching Originate within " + timeout + "; received " + originates());
    }

    static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        goAway();
    }

    // --- the server ---

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Session session = new Session(client);
                sessions.add(session);
                Thread reader = new Thread(session::serve, "fake-asterisk-session");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private final class Session {

        private final Socket socket;
        private final OutputStream out;
        private volatile boolean loggedIn;
        private String challenge;

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        void serve() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8))) {
                writeRaw("Asterisk Call Manager/5.0.2\r\n");
                Map<String, String> headers = new LinkedHashMap<>();
                List<String> variables = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (!headers.isEmpty()) {
                            handle(new Action(headers, variables));
                        }
                        headers = new LinkedHashMap<>();
                        variables = new ArrayList<>();
                        continue;
                    }
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        String key = line.substring(0, colon).trim();
                        String value = line.substring(colon + 1).trim();
                        if (key.equalsIgnoreCase("Variable")) {
                            variables.add(value);
                        }
                        headers.put(key.toLowerCase(), value);
                    }
                }
            } catch (IOException e) {
                // the session ended
            } finally {
                close();
                sessions.remove(this);
            }
        }

        private void handle(Action action) {
            actions.add(action);
            String name = String.valueOf(action.get("Action")).toLowerCase();
            String actionId = action.get("ActionID");
            Map<String, String> response = new LinkedHashMap<>();
            response.put("Response", "Success");
            if (actionId != null) {
                response.put("ActionID", actionId);
            }
            switch (name) {
                case "challenge" -> {
                    challenge = String.valueOf(System.nanoTime() % 1_000_000_000L);
                    response.put("Challenge", challenge);
                }
                case "login" -> {
                    String expected = md5(challenge + SECRET);
                    if (USER.equals(action.get("Username")) && expected.equals(action.get("Key"))) {
                        response.put("Message", "Authentication accepted");
                        loggedIn = true;
                        logins.incrementAndGet();
                    } else {
                        response.put("Response", "Error");
                        response.put("Message", "Authentication failed");
                    }
                }
                case "coresettings" -> {
                    response.put("AMIversion", "5.0.2");
                    response.put("AsteriskVersion", "18.20.0");
                    response.put("SystemName", "fake");
                }
                case "ping" -> response.put("Ping", "Pong");
                case "logoff" -> {
                    response.put("Response", "Goodbye");
                    response.put("Message", "Thanks for all the fish.");
                    write(response);
                    close();
                    return;
                }
                case "originate" -> {
                    if (String.valueOf(action.get("Exten")).endsWith(stallOnNumbersEndingIn)) {
                        return; // no response, and no channel
                    }
                    originate(action, response);
                }
                case "coreshowchannels" -> {
                    coreShowChannels(actionId, response);
                    return;
                }
                case "hangup" -> {
                    Optional<Channel> channel = channels.values().stream()
                            .filter(c -> c.name().equals(action.get("Channel"))).findFirst();
                    if (channel.isEmpty()) {
                        response.put("Response", "Error");
                        response.put("Message", "No such channel");
                    } else {
                        response.put("Message", "Channel Hungup");
                        write(response);
                        hangUpChannel(channel.get(), 16);
                        return;
                    }
                }
                case "extensionstate" -> {
                    String exten = action.get("Exten");
                    response.put("Message", "Extension Status");
                    response.put("Exten", exten);
                    response.put("Context", String.valueOf(action.get("Context")));
                    response.put("Hint", "PJSIP/" + exten);
                    response.put("Status", String.valueOf(extensionStates.getOrDefault(exten, 0)));
                }
                default -> {
                    response.put("Response", "Error");
                    response.put("Message", "Invalid/unknown command");
                }
            }
            write(response);
        }

        private void originate(Action action, Map<String, String> response) {
            if (!loggedIn) {
                response.put("Response", "Error");
                response.put("Message", "Permission denied");
                return;
            }
            String exten = String.valueOf(action.get("Exten"));
            if (exten.endsWith(rejectNumbersEndingIn)) {
                response.put("Response", "Error");
                response.put("Message", "Extension does not exist.");
                return;
            }
            String reference = referenceOf(action);
            String uniqueId = nextUniqueId();
            originateActionIds.put(reference, String.valueOf(action.get("ActionID")));
            Channel agent = new Channel(action.get("Channel") + "-" + uniqueId, uniqueId, uniqueId, reference, exten,
                    5);
            channels.put(uniqueId, agent);
            response.put("Message", "Originate successfully queued");
        }

        private void coreShowChannels(String actionId, Map<String, String> response) {
            response.put("EventList", "start");
            response.put("Message", "Channels will follow");
            write(response);
            List<Channel> snapshot = List.copyOf(channels.values());
            for (Channel channel : snapshot) {
                Map<String, String> event = channelEvent("CoreShowChannel", channel);
                event.put("ActionID", actionId);
                event.put("Application", "Dial");
                event.put("Duration", "00:00:01");
                write(event);
            }
            Map<String, String> complete = new LinkedHashMap<>();
            complete.put("Event", "CoreShowChannelsComplete");
            complete.put("ActionID", actionId);
            complete.put("EventList", "Complete");
            complete.put("ListItems", String.valueOf(snapshot.size()));
            write(complete);
        }

        synchronized void write(Map<String, String> message) {
            StringBuilder text = new StringBuilder();
            message.forEach((key, value) -> text.append(key).append(": ").append(value).append("\r\n"));
            text.append("\r\n");
            writeRaw(text.toString());
        }

        private synchronized void writeRaw(String text) {
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                close();
            }
        }

        void close() {
            loggedIn = false;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
