package io.outboundcalls.pbx.asterisk;

import java.util.Map;
import org.asteriskjava.manager.AsteriskMapping;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.NewStateEvent;

/**
 * asterisk-java's channel events with the channel variables Asterisk adds to them ({@code ChanVariable:
 * OUTBOUND_REF=...}, for the variables listed in {@code channelvars} of manager.conf), which the library drops. The
 * reference travels on the channel this way, so any node maps any event to its call, also after a restart.
 */
final class AmiChannelEvents {

    /** The channel variable that carries the PBX reference ({@code callId:attempt}) on both legs of a call. */
    static final String REFERENCE_VARIABLE = "OUTBOUND_REF";

    private AmiChannelEvents() {
    }

    /** An event that knows its channel's variables. */
    interface WithVariables {

        Map<String, String> variables();

        /** The Uniqueid of the channel that started the call's group: the agent's leg. */
        String linkedId();

        default String reference() {
            Map<String, String> variables = variables();
            String reference = variables == null ? null : variables.get(REFERENCE_VARIABLE);
            return reference == null || reference.isBlank() ? null : reference;
        }
    }

    @AsteriskMapping("Newstate")
    public static class Newstate extends NewStateEvent implements WithVariables {

        private static final long serialVersionUID = 1L;
        private transient Map<String, String> variables;

        public Newstate(Object source) {
            super(source);
        }

        @Override
        public String linkedId() {
            return getLinkedId();
        }

        public void setChanVariable(Map<String, String> variables) {
            this.variables = variables;
        }

        @Override
        public Map<String, String> variables() {
            return variables;
        }
    }

    @AsteriskMapping("DialBegin")
    public static class DialBegin extends DialBeginEvent implements WithVariables {

        private static final long serialVersionUID = 1L;
        private transient Map<String, String> variables;

        public DialBegin(Object source) {
            super(source);
        }

        @Override
        public String linkedId() {
            return getLinkedId();
        }

        public void setChanVariable(Map<String, String> variables) {
            this.variables = variables;
        }

        public void setDestChanVariable(Map<String, String> variables) {
            if (this.variables == null) {
                this.variables = variables;
            }
        }

        @Override
        public Map<String, String> variables() {
            return variables;
        }
    }

    @AsteriskMapping("DialEnd")
    public static class DialEnd extends DialEndEvent implements WithVariables {

        private static final long serialVersionUID = 1L;
        private transient Map<String, String> variables;

        public DialEnd(Object source) {
            super(source);
        }

        @Override
        public String linkedId() {
            return getLinkedId();
        }

        public void setChanVariable(Map<String, String> variables) {
            this.variables = variables;
        }

        public void setDestChanVariable(Map<String, String> variables) {
            if (this.variables == null) {
                this.variables = variables;
            }
        }

        @Override
        public Map<String, String> variables() {
            return variables;
        }
    }

    @AsteriskMapping("Hangup")
    public static class Hangup extends HangupEvent implements WithVariables {

        private static final long serialVersionUID = 1L;
        private transient Map<String, String> variables;

        public Hangup(Object source) {
            super(source);
        }

        @Override
        public String linkedId() {
            return getLinkedId();
        }

        public void setChanVariable(Map<String, String> variables) {
            this.variables = variables;
        }

        @Override
        public Map<String, String> variables() {
            return variables;
        }
    }

    @AsteriskMapping("CoreShowChannel")
    public static class CoreShowChannel extends CoreShowChannelEvent implements WithVariables {

        private static final long serialVersionUID = 1L;
        private transient Map<String, String> variables;

        public CoreShowChannel(Object source) {
            super(source);
        }

        @Override
        public String linkedId() {
            return getLinkedid();
        }

        public void setChanVariable(Map<String, String> variables) {
            this.variables = variables;
        }

        @Override
        public Map<String, String> variables() {
            return variables;
        }
    }
}
