-- Run once by the postgres image when its volume is new: one database per
-- stateful service, owned by the dyadscope user (POSTGRES_USER). The
-- services create their tables themselves (numbered migrations).
CREATE DATABASE dyadscope_events OWNER dyadscope;
CREATE DATABASE dyadscope_economics OWNER dyadscope;
CREATE DATABASE dyadscope_security_risk OWNER dyadscope;
