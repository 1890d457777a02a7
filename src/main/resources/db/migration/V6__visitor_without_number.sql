-- A Visitor record is a customer at the counter, who may not have given a phone number: only Visitor rows may
-- leave number empty; every call that is dialed still has one.
alter table outbound_call alter column number drop not null;
alter table outbound_call add constraint outbound_call_number_check check (number is not null or call_type = 'Visitor');
