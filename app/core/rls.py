"""Row-level security DDL, used by migrations so every tenant table gets the same lock.

Policies read the tenant scope that `app.core.db.apply_tenant_scope` sets per transaction.
Unset settings give NULL arrays, and `x = ANY(NULL)` is never true: the policies fail closed.
"""

# Each read of the scope is a scalar sub-select: PostgreSQL computes it once per statement
# (an InitPlan) instead of parsing the setting again for every row it checks, which cost
# about 0.6 µs a row (a 60,000-row scan: 35 ms of 75).
ORG_IDS = "(SELECT vigie_ids('app.org_ids'))::uuid[]"
ADMIN_ORG_IDS = "(SELECT vigie_ids('app.admin_org_ids'))::uuid[]"
WORKSPACE_IDS = "(SELECT vigie_ids('app.workspace_ids'))::uuid[]"
USER_ID = "(SELECT vigie_user_id())"
# Worker sweepers that look for due work across tenants set `app.system` (never the API).
SYSTEM = "(SELECT vigie_system())"

# The usual policy of an organization-level table, and of a workspace-level one.
ORG_POLICY = f"organization_id = ANY({ORG_IDS})"
WORKSPACE_POLICY = (
    f"organization_id = ANY({ADMIN_ORG_IDS}) OR workspace_id = ANY({WORKSPACE_IDS})"
)

FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION vigie_ids(setting text) RETURNS uuid[]
LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT string_to_array(nullif(current_setting(setting, true), ''), ',')::uuid[] $$""",
    """CREATE OR REPLACE FUNCTION vigie_user_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$""",
]

SYSTEM_FUNCTION = """CREATE OR REPLACE FUNCTION vigie_system() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT coalesce(current_setting('app.system', true), '') = 'on' $$"""


def app_role_sql(role: str) -> list[str]:
    """The role the API and workers run as: owns nothing, bypasses nothing."""
    return [
        f"""DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
    CREATE ROLE "{role}" NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END $$""",
        # Lets a non-superuser DATABASE_URL user switch to the role; harmless for superusers.
        f"""DO $$ BEGIN
  EXECUTE format('GRANT "{role}" TO %I', current_user);
EXCEPTION WHEN others THEN NULL;
END $$""",
        f'GRANT USAGE ON SCHEMA public TO "{role}"',
        f'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO "{role}"',
    ]


def grant_table_sql(table: str, role: str) -> str:
    return f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "{table}" TO "{role}"'


def enable_rls_sql(table: str, using: str, check: str | None = None) -> list[str]:
    return [
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
        f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY',
        f'DROP POLICY IF EXISTS tenant_isolation ON "{table}"',
        f'CREATE POLICY tenant_isolation ON "{table}" USING ({using}) '
        f"WITH CHECK ({check or using})",
    ]
