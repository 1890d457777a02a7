-- The seed's upgrade script: call result details created before channels existed were for inbound calls only
-- (Channels = 1); 1537 = Inbound 1 + Outbound 512 + Visitor 1024 makes them visible on outbound calls too.
-- Runs once per database; run the same statement by hand after importing old details.
UPDATE call_result_detail SET channels = 1537 WHERE channels = 1 AND deleted = false;
