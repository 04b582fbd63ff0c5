DROP TRIGGER update_tenants_updated_at ON tenants;
DROP FUNCTION set_updated_at();
