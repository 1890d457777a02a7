package io.outboundcalls.call;

/** A CSV row the import did not write: its line (the header is line 1) and why, as "field: reason". */
public record RejectedRow(long line, String reason) {
}
