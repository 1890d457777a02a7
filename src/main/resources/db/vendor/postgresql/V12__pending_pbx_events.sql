-- The events still to handle, per line in arrival order: small however long the inbox grows.
create index pbx_event_pending on pbx_event (reference, id) where handled_at is null;
create index pbx_event_due on pbx_event (next_try_at, id) where handled_at is null;
