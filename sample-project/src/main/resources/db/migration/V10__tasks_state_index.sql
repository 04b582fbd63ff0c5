CREATE INDEX CONCURRENTLY tasks_workflow_state_idx ON tasks (workflow_id, state);
