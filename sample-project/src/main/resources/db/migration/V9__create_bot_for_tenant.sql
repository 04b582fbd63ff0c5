-- creates a bot once per content hash: calling it again with the same hash returns the existing bot
CREATE FUNCTION create_bot_for_tenant(p_tenant uuid, p_name text, p_content_hash text) RETURNS uuid
    LANGUAGE plpgsql AS $$
DECLARE
    v_id uuid;
BEGIN
    INSERT INTO bots (tenant_id, name, content_hash) VALUES (p_tenant, p_name, p_content_hash)
        ON CONFLICT (content_hash) DO NOTHING
        RETURNING id INTO v_id;
    IF v_id IS NULL THEN
        SELECT id INTO v_id FROM bots WHERE content_hash = p_content_hash;
    END IF;
    RETURN v_id;
END;
$$;
