-- Calls waiting for an agent in id order: the schedule post conditions screen them batch by batch (keyset).
create index outbound_call_waiting on outbound_call (id)
    where call_phase = 'Enqueue' and call_result = 'Scheduled' and process_phase = 'Enqueue';
