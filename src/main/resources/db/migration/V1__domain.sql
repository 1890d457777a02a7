-- The domain model of ARCHITECTURE.md. Portable SQL: the same script runs on H2 and PostgreSQL;
-- what differs between them (partial indexes, id defaults) lives in db/vendor/{vendor}.

create table language (
    id uuid primary key,
    name varchar(100) not null,
    code varchar(20) not null,
    created_at timestamp with time zone default current_timestamp not null,
    updated_at timestamp with time zone default current_timestamp not null,
    version integer default 0 not null,
    constraint language_code_unique unique (code)
);

create table agent_status (
    id uuid primary key,
    name varchar(100) not null,
    activity_type varchar(16) not null,
    allows_predistributed boolean default false not null,
    created_at timestamp with time zone default current_timestamp not null,
    updated_at timestamp with time zone default current_timestamp not null,
    version integer default 0 not null,
    constraint agent_status_name_unique unique (name),
    constraint agent_status_activity_type_check check (activity_type in ('Ready', 'PostCall', 'Pause', 'Offline'))
);

create table project (
    id uuid primary key,
    name varchar(200) not null,
    caller_id varchar(32),
    manual_scheduling boolean default false not null,
    post_call_pause_seconds integer,
    automatic_pcp_status_id uuid references agent_status (id),
    show_result_bar boolean default true not null,
    result_wait_seconds integer,
    max_offer_attempts integer default 3 not null,
    default_priority integer default 0 not null,
    created_at timestamp with time zone default current_timestamp not null,
    updated_at timestamp with time zone default current_timestamp not null,
    version integer default 0 not null,
    constraint project_name_unique unique (name),
    constraint project_post_call_pause_check check (post_call_pause_seconds is null or post_call_pause_seconds >= 0),
    constraint project_result_wait_check check (result_wait_seconds is null or result_wait_seconds > 0),
    constraint project_max_offer_attempts_check check (max_offer_attempts > 0)
);

create table outbound_list (
    id uuid primary key,
    name varchar(200) not null,
    project_id uuid not null references project (id),
    language_id uuid references language (id),
    state varchar(16) default 'Created' not null,
    time_from time,
    time_to time,
    created_at timestamp with time zone default current_timestamp not null,
    updated_at timestamp with time zone default current_timestamp not null,
    version integer default 0 not null,
    constraint outbound_list_state_check check (state in ('Created', 'Running', 'Paused', 'Stopped'))
);
create index outbound_list_project on outbound_list (project_id, state, created_at);

create table workplace (
    id uuid primary key,
    name varchar(100) not null,
    extension varchar(32) not null,
    agent_blocked_seconds integer,
    created_at timestamp with time zone default current_timestamp not null,
    updated_at timestamp with time zone default current_timestamp not null,
    version integer default 0 not null,
    constraint workplace_extension_unique unique (extension)
);

create table agent (
    id uuid primary key,
    name varchar(200) not null,
    login varchar(64) not null,
    allow_write boolean default false not null,
    workplace_id uuid references workplace (id),
    status_id uuid references agent_status (id),
    status_changed_at timestamp with time zone,
    -- the PBX's view of the agent's phone; the engine's own view is current_call_id
    line_state varchar(8) default 'Free' not null,
    -- the call the agent is offered, dialing, talking or still owes a result for
    current_call_id uuid,
    -- unified-queue capacity rule: interactions the agent handles now against what they may handle
    active_interactions integer default 0 not null,
    capacity integer default 1 not null,
    blocked_until timestamp with time zone,
    -- post-call pause bookkeeping: the Ready status to return to, and the call whose pause this is
    status_before_pcp_id uuid references agent_status (id),
    pcp_call_id uuid,
    created_at timestamp with time zone default current_timestamp not null,
    updated_at timestamp with time zone default current_timestamp not null,
    version integer default 0 not null,
    constraint agent_login_unique unique (login),
    constraint agent_line_state_check check (line_state in ('Free', 'Busy'))
);
create index agent_status_idx on agent (status_id);

create table agent_project_skill (
    agent_id uuid not null references agent (id) on delete cascade,
    project_id uuid not null references project (id) on delete cascade,
    primary key (agent_id, project_id)
);
create index agent_project_skill_project on agent_project_skill (project_id, agent_id);

create table agent_language (
    agent_id uuid not null references agent (id) on delete cascade,
    language_id uuid not null references language (id) on delete cascade,
    primary key (agent_id, language_id)
);

create table call_result_detail (
    id uuid primary key,
    name varchar(200) not null,
    general_result varchar(16) not null,
    -- bitmask of channels (Inbound 1, Email 2, Chat 4, Sms 8, Outbound 512, Visitor 1024), as in the seed
    channels integer default 1 not null,
    deleted boolean default false not null,
    reschedule_after_seconds integer,
    created_at timestamp with time zone default current_timestamp not null,
    updated_at timestamp with time zone default current_timestamp not null,
    version integer default 0 not null,
    constraint call_result_detail_general_result_check
        check (general_result in ('Success', 'Failed', 'Busy', 'NoAnswer', 'Rescheduled'))
);

-- empty = offered for every call type / project
create table call_result_detail_call_type (
    call_result_detail_id uuid not null references call_result_detail (id) on delete cascade,
    call_type varchar(16) not null,
    primary key (call_result_detail_id, call_type)
);

create table call_result_detail_project (
    call_result_detail_id uuid not null references call_result_detail (id) on delete cascade,
    project_id uuid not null references project (id) on delete cascade,
    primary key (call_result_detail_id, project_id)
);

create table config_parameter (
    name varchar(100) primary key,
    config_value varchar(1000),
    updated_at timestamp with time zone default current_timestamp not null
);

create table contact (
    id uuid primary key,
    name varchar(200),
    contact_key varchar(100),
    created_at timestamp with time zone default current_timestamp not null,
    constraint contact_key_unique unique (contact_key)
);

create table phone_number (
    id uuid primary key,
    contact_id uuid references contact (id),
    number varchar(32) not null,
    created_at timestamp with time zone default current_timestamp not null
);

create table issue (
    id uuid primary key,
    issue_key varchar(100),
    project_id uuid references project (id),
    language_id uuid references language (id),
    contact_id uuid references contact (id),
    created_at timestamp with time zone default current_timestamp not null,
    constraint issue_key_unique unique (issue_key)
);

create table message (
    id uuid primary key,
    issue_id uuid references issue (id),
    contact_id uuid references contact (id),
    created_at timestamp with time zone default current_timestamp not null
);

create table chat (
    id uuid primary key,
    issue_id uuid references issue (id),
    contact_id uuid references contact (id),
    created_at timestamp with time zone default current_timestamp not null
);

create table outbound_call (
    id uuid primary key,
    call_type varchar(16) default 'Project' not null,
    call_phase varchar(16) default 'Enqueue' not null,
    call_result varchar(16) default 'Scheduled' not null,
    last_result varchar(16),
    call_result_detail_id uuid references call_result_detail (id),
    outbound_list_id uuid references outbound_list (id),
    project_id uuid references project (id),
    language_id uuid references language (id),
    contact_id uuid references contact (id),
    issue_id uuid references issue (id),
    phone_number_id uuid references phone_number (id),
    message_id uuid references message (id),
    chat_id uuid references chat (id),
    number varchar(32) not null,
    dialed_number varchar(64),
    agent_id uuid references agent (id),
    workplace_id uuid references workplace (id),
    predistributed boolean default false not null,
    priority integer default 0 not null,
    schedule_time timestamp with time zone default current_timestamp not null,
    time_from timestamp with time zone,
    time_to timestamp with time zone,
    offer_count integer default 0 not null,
    attempt integer default 0 not null,
    call_key varchar(48),
    origin varchar(16) default 'Sql' not null,
    note varchar(2000),
    process_instance_id varchar(64),
    -- the phase the process instance is in; differs from call_phase only while an SQL change waits to be picked up
    process_phase varchar(16),
    offered_at timestamp with time zone,
    answered_at timestamp with time zone,
    hung_up_at timestamp with time zone,
    finished_at timestamp with time zone,
    created_at timestamp with time zone default current_timestamp not null,
    updated_at timestamp with time zone default current_timestamp not null,
    version integer default 0 not null,
    constraint outbound_call_type_check check (call_type in ('Project', 'Private', 'Visitor', 'Callback')),
    constraint outbound_call_phase_check
        check (call_phase in ('Manual', 'Enqueue', 'Offered', 'Dialing', 'AgentTalk', 'Result', 'PostCall', 'Finished')),
    constraint outbound_call_result_check check (call_result in ('Scheduled', 'Prepared', 'Success', 'Failed', 'Busy',
        'NoAnswer', 'Rescheduled', 'NoResult', 'Neglected', 'Cancelled')),
    constraint outbound_call_origin_check
        check (origin in ('Bar', 'Web', 'Editor', 'Api', 'Csv', 'Sql', 'LostShift', 'Ivr', 'Visitor'))
);
create index outbound_call_list on outbound_call (outbound_list_id, created_at);
create index outbound_call_agent on outbound_call (agent_id, created_at);
create index outbound_call_call_key on outbound_call (call_key);
