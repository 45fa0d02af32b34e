-- hotline-console: a seat role that reads and writes rows but owns nothing.
-- Generated from console/store/pg_roles.py (seat_grant_script); a test keeps this file equal to it.
--
-- Run it as the desk's owner (the role that ran `hotline-console init`) or as a superuser,
-- after init, naming the seat role (create it first, e.g. CREATE ROLE hotline_seat LOGIN PASSWORD '...'):
--
--   psql 'postgresql://OWNER@HOST/DATABASE' -v seat=hotline_seat -f docs/postgresql-seat-role.sql
--
-- It only grants and narrows: running it twice changes nothing. One run per seat role.
-- The owner is read from the desk (the owner of alembic_version); the schema is the current one.

\set ON_ERROR_STOP on
\if :{?seat}
\else
  DO $$BEGIN RAISE EXCEPTION 'name the seat role: psql ... -v seat=ROLE -f %', 'docs/postgresql-seat-role.sql'; END$$;
\endif
-- one row always: a NULL owner (no desk here) leaves :owner unset
SELECT (SELECT pg_get_userbyid(c.relowner) FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relname = 'alembic_version' AND c.relkind = 'r' AND n.nspname = current_schema())
       AS owner, current_schema() AS schema \gset
\if :{?owner}
\else
  DO $$BEGIN RAISE EXCEPTION 'no hotline-console tables here: run hotline-console init as the owner role first'; END$$;
\endif

BEGIN;
GRANT USAGE ON SCHEMA :"schema" TO :"seat";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA :"schema" TO :"seat";
REVOKE ALL ON TABLE :"schema".audit_log FROM :"seat";
GRANT SELECT, INSERT ON TABLE :"schema".audit_log TO :"seat";
REVOKE ALL ON TABLE :"schema".alembic_version FROM :"seat";
GRANT SELECT ON TABLE :"schema".alembic_version TO :"seat";
REVOKE ALL ON TABLE :"schema".policy_stamp FROM :"seat";
GRANT SELECT ON TABLE :"schema".policy_stamp TO :"seat";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA :"schema" TO :"seat";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA :"schema" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"seat";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA :"schema" GRANT USAGE, SELECT ON SEQUENCES TO :"seat";
COMMIT;
