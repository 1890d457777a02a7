-- Rows written by SQL or bulk import get their id here when the writer gives none.
alter table outbound_call alter column id set default gen_random_uuid();

-- Due calls, the only rows the distribution cycle reads: small however long the history grows.
create index outbound_call_due on outbound_call (priority desc, schedule_time, id)
    where call_phase = 'Enqueue' and call_result = 'Scheduled';
create index outbound_call_due_predistributed on outbound_call (agent_id, priority desc, schedule_time, id)
    where call_phase = 'Enqueue' and call_result = 'Scheduled' and predistributed;
-- Rows the engine has still to pick up: without a process instance, or with an SQL phase change.
create index outbound_call_pending_pickup on outbound_call (created_at, id)
    where process_instance_id is null;
create index outbound_call_phase_changed on outbound_call (id)
    where call_phase = 'Enqueue' and process_phase = 'Manual';
