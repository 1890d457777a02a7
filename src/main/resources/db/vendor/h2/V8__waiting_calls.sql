-- Calls waiting for an agent: the schedule post conditions screen them batch by batch (keyset over the primary key).
create index outbound_call_waiting on outbound_call (call_phase, call_result, process_phase, id);
