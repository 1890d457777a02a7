-- The process each node runs in: a node on the same machine (its boot and process namespace, in machine) whose
-- process has ended and whose heartbeat is late is dead without waiting out the silence (system.NodeProcess).
-- process_start_ticks is the kernel's start of the process in clock ticks since boot, which no clock setting moves.
alter table engine_node add column machine varchar(200);
alter table engine_node add column pid bigint;
alter table engine_node add column process_start_ticks bigint;
