-- A Flyway callback: Flyway runs it after every migrate. SchemaVerify's round trip runs it where Flyway does (at head,
-- before undoing every revision), so what it changes is part of the head the walk compares with Flyway's.
COMMENT ON SCHEMA public IS 'agent memory, migrated by Flyway';
