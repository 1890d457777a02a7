-- When the engine last released the agent's line (the end of a call's talk or of its after-call work). The cycle
-- offers a call to the agent who has waited longest: since the later of this and the agent's last status change. With
-- the status change alone, agents who stay Ready all day kept the order in which they had logged in, and those at
-- its end waited for seconds while others got call after call.
alter table agent add column line_freed_at timestamp with time zone;
