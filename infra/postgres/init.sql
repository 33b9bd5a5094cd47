-- One database per service: no service reads another's tables.
-- Run once by postgres:16's entrypoint (docker compose) or by hand: psql -f infra/postgres/init.sql
CREATE DATABASE gcn_entities;
CREATE DATABASE gcn_plan;
CREATE DATABASE gcn_initiatives;
CREATE DATABASE gcn_reputation;
CREATE DATABASE gcn_briefings;
