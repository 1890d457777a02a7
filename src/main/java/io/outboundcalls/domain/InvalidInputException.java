package io.outboundcalls.domain;

/** Input that breaks a rule: which field, and why. */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
