-- Since when a node has not reached the PBX (null while it does): a node whose own PBX connection is down leaves the
-- dials due to a live node that reaches it, instead of using up their tries on a connection that fails.
alter table engine_node add column pbx_out_of_reach_since timestamp with time zone;
