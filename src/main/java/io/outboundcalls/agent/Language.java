package io.outboundcalls.agent;

import java.util.UUID;

/** A language agents speak and lists may require; its code is what the DMN tables read. */
public record Language(UUID id, String name, String code) {
}
