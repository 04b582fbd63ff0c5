-- run by the service on every start (after the migrations): must be safe to run any number of times
CREATE TABLE IF NOT EXISTS service_settings (
    key text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO service_settings (key, value) VALUES ('embedding_model', 'text-embedding-3-small') ON CONFLICT DO NOTHING;
INSERT INTO service_settings (key, value)
    SELECT 'recall_limit', '20' WHERE NOT EXISTS (SELECT 1 FROM service_settings WHERE key = 'recall_limit');
