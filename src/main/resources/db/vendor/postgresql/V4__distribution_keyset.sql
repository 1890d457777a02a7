-- Due calls per outbound list in the order they are offered, so a cycle reads the head of each Running list
-- (keyset) and its cost follows the number of ready agents, not the backlog.
drop index if exists outbound_call_due;
create index outbound_call_due on outbound_call (outbound_list_id, priority desc, schedule_time, id)
    where call_phase = 'Enqueue' and call_result = 'Scheduled' and process_phase = 'Enqueue' and not predistributed;
drop index if exists outbound_call_due_predistributed;
create index outbound_call_due_predistributed on outbound_call (agent_id, priority desc, schedule_time, id)
    where call_phase = 'Enqueue' and call_result = 'Scheduled' and process_phase = 'Enqueue' and predistributed;
-- Offers written but not yet taken by the process instance (the notification is asynchronous).
create index outbound_call_offer_pending on outbound_call (offered_at, id)
    where call_phase = 'Offered' and process_phase = 'Enqueue';
-- At most one open offer per call and per agent, whatever the timing.
create unique index call_offer_open_per_call on call_offer (call_id) where ended_at is null;
create unique index call_offer_open_per_agent on call_offer (agent_id) where ended_at is null;
-- Rows the engine has still to pick up; rows it rejected wait for the integrator.
drop index if exists outbound_call_pending_pickup;
create index outbound_call_pending_pickup on outbound_call (created_at, id)
    where process_instance_id is null and pickup_error is null;
