-- The agent's own calls still open (private calls, Visitor records: CallResult Prepared), read whenever a call leaves
-- the agent's line so the line passes to one of them; without it each call's end would read all the agent's past
-- calls. Partial: campaign calls are never Prepared, so they never touch this index.
create index outbound_call_agent_prepared on outbound_call (agent_id, created_at) where call_result = 'Prepared';
