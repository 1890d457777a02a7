-- H2 has no partial indexes; the embedded default serves one node and a small backlog, so full
-- indexes over the same columns do. PostgreSQL gets partial ones (db/vendor/postgresql).
alter table outbound_call alter column id set default random_uuid();

create index outbound_call_due on outbound_call (call_phase, call_result, priority desc, schedule_time, id);
create index outbound_call_due_predistributed on outbound_call (agent_id, call_phase, call_result, predistributed);
create index outbound_call_pending_pickup on outbound_call (process_instance_id, created_at);
create index outbound_call_phase_changed on outbound_call (call_phase, process_phase);
