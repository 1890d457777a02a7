package io.outboundcalls.web;

/** Input that breaks a rule; answered 400 with the field and the reason. */
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
