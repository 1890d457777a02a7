-- Due calls per outbound list and language (see the PostgreSQL migration); H2 has no partial indexes.
drop index if exists outbound_call_due;
create index outbound_call_due on outbound_call (outbound_list_id, language_id, call_phase, call_result, priority desc, schedule_time, id);
