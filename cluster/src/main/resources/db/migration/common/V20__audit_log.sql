-- The access audit trail: every caregiver read of tenant data and every change, with who, role, tenant,
-- visit, action and time. Append-only: rows are never updated or deleted.
CREATE TABLE audit_log (
  id BIGSERIAL PRIMARY KEY,
  at TIMESTAMPTZ NOT NULL,
  tenant TEXT NOT NULL,
  who TEXT NOT NULL,
  role TEXT NOT NULL,
  visit_id TEXT,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);

CREATE INDEX audit_log_visit_idx ON audit_log (tenant, visit_id, id) WHERE visit_id IS NOT NULL;
CREATE INDEX audit_log_who_idx ON audit_log (tenant, who, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;

CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
