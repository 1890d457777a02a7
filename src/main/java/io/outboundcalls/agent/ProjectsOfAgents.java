package io.outboundcalls.agent;

import java.util.List;
import java.util.UUID;

/**
 * What the agent administration must know of projects: whether a skill names one, and which projects keep a status as
 * their automatic PCP status. Projects build on agents' statuses and languages, so the campaign package answers this
 * port; agent does not reach into campaign.
 */
public interface ProjectsOfAgents {

    boolean projectExists(UUID projectId);

    /** Names of the projects whose automatic PCP status this is, in name order. */
    List<String> namesWithPcpStatus(UUID statusId);
}
