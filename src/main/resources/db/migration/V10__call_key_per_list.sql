-- CallKey is the integrator's key of a call in its outbound list: a re-import of the same rows, or the same POST
-- retried, must not make a second call. Calls without a key (NULL) are not constrained.
create unique index outbound_call_key_per_list on outbound_call (outbound_list_id, call_key);
