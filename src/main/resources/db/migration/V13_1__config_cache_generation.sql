-- POST /api/config/cache/clear on one node counts up this generation; every node polls it and clears its own cache
-- of the configuration parameters when it changed, so a clear takes effect cluster-wide within about a second.
-- (V13_1: the version leaves room for V13 of a parallel change.)
create table config_cache_generation (
    id         int    primary key,
    generation bigint not null
);
insert into config_cache_generation (id, generation) values (1, 0);
