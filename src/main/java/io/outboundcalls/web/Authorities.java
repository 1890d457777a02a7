package io.outboundcalls.web;

/**
 * The rights of API.md as Spring Security authorities: one role per engine group, and WRITE for the seed's AllowWrite
 * (administrators have it). The security configuration and {@code @PreAuthorize} check these, nothing else.
 */
public final class Authorities {

    /** Engine group of administrators; Camunda itself treats its members as administrators too. */
    public static final String ADMIN_GROUP = "camunda-admin";
    /** Engine group of people who act for other agents. */
    public static final String SUPERVISORS_GROUP = "supervisors";
    /** Engine group every agent user is created in. */
    public static final String AGENTS_GROUP = "agents";

    public static final String ADMIN = "ROLE_ADMIN";
    public static final String SUPERVISOR = "ROLE_SUPERVISOR";
    public static final String AGENT = "ROLE_AGENT";
    public static final String WRITE = "WRITE";

    /** For {@code @PreAuthorize}: the seed's AllowWrite (creating, enqueuing, callbacks, results, dialing). */
    public static final String HAS_WRITE = "hasAuthority('" + WRITE + "')";
    /** For {@code @PreAuthorize}: what supervisors and administrators do for other agents. */
    public static final String SUPERVISES = "hasAnyAuthority('" + ADMIN + "', '" + SUPERVISOR + "')";

    private Authorities() {
    }

    /** The role an engine group stands for, or null for groups this application gives no meaning. */
    static String roleOf(String group) {
        return switch (group) {
            case ADMIN_GROUP -> ADMIN;
            case SUPERVISORS_GROUP -> SUPERVISOR;
            case AGENTS_GROUP -> AGENT;
            default -> null;
        };
    }
}
