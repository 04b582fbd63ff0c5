CREATE OR REPLACE FUNCTION service_setting(p_key text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT value FROM service_settings WHERE key = p_key
$$;
