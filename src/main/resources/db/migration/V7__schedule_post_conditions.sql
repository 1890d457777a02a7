-- The schedule post conditions (rules of the decision schedulePostConditions) applied to a call: each rule applies
-- once per call, whatever version of the table it is in, so a rule such as "priority + 1 after an hour" does not fire
-- every time the waiting calls are screened.
create table call_post_condition (
    call_id uuid not null references outbound_call (id) on delete cascade,
    rule_id varchar(100) not null,
    decision_version integer not null,
    outputs varchar(1000),
    applied_at timestamp with time zone not null,
    primary key (call_id, rule_id)
);
