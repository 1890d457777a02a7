-- When a node claimed the attempt (Requested -> Sending): reconciliation gives a claimed attempt its grace from here,
-- not from the request, so an originate still under way after a queue or a retry is not counted lost meanwhile.
alter table pbx_dial add column claimed_at timestamp with time zone;
