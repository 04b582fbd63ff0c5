DROP TABLE tasks;
DROP TABLE workflows;
DROP TYPE task_state;
