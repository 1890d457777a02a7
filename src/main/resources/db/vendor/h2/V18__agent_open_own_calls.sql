-- The agent's own calls still open (CallResult Prepared), read whenever a call leaves the agent's line; H2 has no
-- partial indexes, so this one covers every result.
create index outbound_call_agent_result on outbound_call (agent_id, call_result, created_at);
