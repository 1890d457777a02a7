-- H2 has no partial indexes; full indexes over the same columns serve the embedded default's small backlog.
drop index if exists outbound_call_due;
create index outbound_call_due on outbound_call (outbound_list_id, call_phase, call_result, priority desc, schedule_time, id);
drop index if exists outbound_call_due_predistributed;
create index outbound_call_due_predistributed on outbound_call (agent_id, call_phase, call_result, priority desc, schedule_time, id);
create index outbound_call_offer_pending on outbound_call (call_phase, process_phase, offered_at);
-- At most one open offer per call and per agent: H2 lacks partial unique indexes, so unique generated columns that
-- are null once the offer ended do the same.
alter table call_offer add column open_call_id uuid generated always as (case when ended_at is null then call_id end);
alter table call_offer add column open_agent_id uuid generated always as (case when ended_at is null then agent_id end);
create unique index call_offer_open_per_call on call_offer (open_call_id);
create unique index call_offer_open_per_agent on call_offer (open_agent_id);
