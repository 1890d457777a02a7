-- Due calls per outbound list and language in the order they are offered: a cycle reads the head of each Running
-- list once per language its ready agents speak (keyset), so calls in a language nobody ready speaks never hide the
-- calls behind them, and the cost still follows the number of ready agents, not the backlog. Calls without a language
-- have an index of their own: "language_id is null" is no equality to the planner, so an index with the language in
-- front would make it sort every such call instead of reading the first few in order.
drop index if exists outbound_call_due;
create index outbound_call_due on outbound_call (outbound_list_id, language_id, priority desc, schedule_time, id)
    where call_phase = 'Enqueue' and call_result = 'Scheduled' and process_phase = 'Enqueue' and not predistributed
        and language_id is not null;
create index outbound_call_due_any_language on outbound_call (outbound_list_id, priority desc, schedule_time, id)
    where call_phase = 'Enqueue' and call_result = 'Scheduled' and process_phase = 'Enqueue' and not predistributed
        and language_id is null;
