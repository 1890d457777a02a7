-- The process each node runs in: a node on the same machine (its boot and process namespace, in machine) whose
-- process has ended is dead at once, without waiting out its heartbeat's silence (system.NodeProcess).
alter table engine_node add column machine varchar(200);
alter table engine_node add column pid bigint;
alter table engine_node add column process_started_at timestamp with time zone;
