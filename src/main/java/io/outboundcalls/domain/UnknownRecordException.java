package io.outboundcalls.domain;

/** A record named by its id (in a path, a body or a row) that does not exist. */
public class UnknownRecordException extends RuntimeException {

    public UnknownRecordException(String what, Object id) {
        super(what + " " + id + " does not exist");
    }
}
