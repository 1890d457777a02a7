-- Every offer of a call to an agent, open until the agent takes the call up or it comes back to the queue:
-- the record that no call is offered to two agents at once and no agent holds two offers.
create table call_offer (
    id uuid primary key,
    call_id uuid not null references outbound_call (id) on delete cascade,
    agent_id uuid not null references agent (id) on delete cascade,
    offered_at timestamp with time zone not null,
    -- the engine node whose distribution cycle made the offer
    offered_by varchar(100),
    -- Taken (the customer was dialed), Rejected, NoAnswer, AgentPaused, Cancelled
    outcome varchar(16),
    ended_at timestamp with time zone,
    constraint call_offer_outcome_check
        check (outcome is null or outcome in ('Taken', 'Rejected', 'NoAnswer', 'AgentPaused', 'Cancelled'))
);
create index call_offer_call on call_offer (call_id, offered_at);
create index call_offer_agent on call_offer (agent_id, offered_at);

-- Why the engine could not take up a row written by SQL (a bad number, a project call without a list, ...);
-- such a row keeps no process instance and is not picked up again until an integrator fixes it and clears this.
alter table outbound_call add column pickup_error varchar(500);
