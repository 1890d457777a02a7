-- H2 has no partial indexes: the pending events are found through handled_at.
create index pbx_event_pending on pbx_event (handled_at, reference, id);
create index pbx_event_due on pbx_event (handled_at, next_try_at, id);
