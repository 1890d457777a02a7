package io.outboundcalls.call;

import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The filters of GET /api/calls; every filter is a bound parameter, a null one matches everything.
 */
public record CallFilter(String phase, String result, UUID outboundListId, UUID agentId, String callKey) {

    static final String WHERE = """
            (cast(:phase as varchar(16)) is null or call_phase = :phase)
            and (cast(:result as varchar(16)) is null or call_result = :result)
            and (cast(:outboundListId as uuid) is null or outbound_list_id = :outboundListId)
            and (cast(:agentId as uuid) is null or agent_id = :agentId)
            and (cast(:callKey as varchar(48)) is null or call_key = :callKey)
            """;

    MapSqlParameterSource parameters() {
        return new MapSqlParameterSource()
                .addValue("phase", phase).addValue("result", result).addValue("outboundListId", outboundListId)
                .addValue("agentId", agentId).addValue("callKey", callKey);
    }

    MapSqlParameterSource withPage(int page, int size) {
        return parameters().addValue("offset", (long) page * size).addValue("size", size);
    }
}
