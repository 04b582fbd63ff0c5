DROP FUNCTION create_bot_for_tenant(uuid, text, text);
