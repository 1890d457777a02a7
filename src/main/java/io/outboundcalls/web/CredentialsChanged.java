package io.outboundcalls.web;

/** A user's password or groups changed, or the user was deleted: credentials verified before no longer count. */
public record CredentialsChanged(String login) {
}
