"""vigie_authenticate(): resolve the caller and set the tenant scope in one round trip

Authenticating a request took five statements (the user's `set_config`, the principal
query, for API keys the key lookup and its own `set_config`, then the full scope). This
function does the same work in one call and leaves the transaction with the caller's scope
set, exactly as `Principal.tenant_scope()` computes it (a test compares the two).

It runs with the caller's rights (SECURITY INVOKER, the default), as `vigie_app`: row-level
security applies to every statement in it, which is why it sets `app.user_id` (and, for an
API key, `app.org_ids`) before each read, like the Python code did.

Revision ID: a0717a0e0004
Revises: 5e1ec7ed0003
Create Date: 2026-11-25 18:10:00
"""
from collections.abc import Sequence

from alembic import op

from app.core.config import get_settings

revision: str = "a0717a0e0004"
down_revision: str | None = "5e1ec7ed0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Rows: one per membership (kind 'org' or 'ws'), or one with kind NULL for a user with none;
# no row at all when the credential is refused (unknown or inactive user; unknown, revoked
# or expired key). The user's profile and the key's limits repeat on every row.
AUTHENTICATE = r"""
CREATE OR REPLACE FUNCTION vigie_authenticate(p_user_id uuid, p_key_org uuid, p_key_hash text)
RETURNS TABLE (
    user_id uuid, email text, full_name text, locale text,
    email_verified_at timestamptz, created_at timestamptz,
    api_key_id uuid, scopes text[], key_workspace_ids uuid[],
    kind text, organization_id uuid, workspace_id uuid, role text)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    is_key boolean := p_key_hash IS NOT NULL;
    key_row record;
    key_found boolean;
    org_ids uuid[] := '{}';
    admin_ids uuid[] := '{}';
    ws_ids uuid[] := '{}';
    has_rows boolean := false;
BEGIN
    -- Fail closed: until the caller is proven, the transaction reaches nothing.
    PERFORM set_config('app.user_id', '', true), set_config('app.org_ids', '', true),
            set_config('app.admin_org_ids', '', true), set_config('app.workspace_ids', '', true);
    IF is_key THEN
        -- api_keys is only readable within its organization, named by the key itself.
        PERFORM set_config('app.org_ids', p_key_org::text, true);
        SELECT k.id, k.organization_id, k.created_by, k.scopes, k.workspace_ids,
               k.revoked_at, k.expires_at, k.last_used_at
          INTO key_row FROM public.api_keys k WHERE k.key_hash = p_key_hash;
        key_found := FOUND;  -- before PERFORM, which sets FOUND too
        PERFORM set_config('app.org_ids', '', true);
        IF NOT key_found OR key_row.organization_id <> p_key_org OR key_row.revoked_at IS NOT NULL
                OR key_row.expires_at <= now() THEN
            RETURN;
        END IF;
        -- A key acts for its creator, whose rights are re-read on every request.
        p_user_id := key_row.created_by;
        api_key_id := key_row.id;
        scopes := key_row.scopes;
        key_workspace_ids := key_row.workspace_ids;
    END IF;

    PERFORM set_config('app.user_id', p_user_id::text, true);
    SELECT u.id, u.email, u.full_name, u.locale, u.email_verified_at, u.created_at
      INTO user_id, email, full_name, locale, email_verified_at, created_at
      FROM public.users u WHERE u.id = p_user_id AND u.is_active;
    IF NOT FOUND THEN
        PERFORM set_config('app.user_id', '', true);
        RETURN;
    END IF;

    -- The policies let a user read their own memberships once app.user_id is set.
    FOR kind, organization_id, workspace_id, role IN
        SELECT 'org', m.organization_id, NULL::uuid, m.role
          FROM public.organization_memberships m
         WHERE m.user_id = p_user_id AND (NOT is_key OR m.organization_id = p_key_org)
        UNION ALL
        SELECT 'ws', m.organization_id, m.workspace_id, m.role
          FROM public.workspace_memberships m
         WHERE m.user_id = p_user_id AND (NOT is_key OR m.organization_id = p_key_org)
    LOOP
        has_rows := true;
        IF NOT organization_id = ANY(org_ids) THEN
            org_ids := org_ids || organization_id;
        END IF;
        IF kind = 'org' AND role IN ('owner', 'admin') THEN
            admin_ids := admin_ids || organization_id;
        ELSIF kind = 'ws' THEN
            ws_ids := ws_ids || workspace_id;
        END IF;
        RETURN NEXT;
    END LOOP;
    IF NOT has_rows THEN
        kind := NULL; organization_id := NULL; workspace_id := NULL; role := NULL;
        RETURN NEXT;
    END IF;

    IF is_key THEN
        -- A creator who left the organization: no scope (the API answers 401).
        IF NOT p_key_org = ANY(org_ids) THEN
            RETURN;
        END IF;
        -- A key limited to some workspaces reaches those only, none by admin right.
        IF key_workspace_ids IS NOT NULL THEN
            ws_ids := key_workspace_ids;
            admin_ids := '{}';
        END IF;
    END IF;
    -- The format vigie_ids() parses. (Plain expressions: a SQL function called here would be
    -- planned again on every call.)
    PERFORM set_config('app.org_ids', array_to_string(org_ids, ','), true),
            set_config('app.admin_org_ids', array_to_string(admin_ids, ','), true),
            set_config('app.workspace_ids', array_to_string(ws_ids, ','), true);

    -- last_used_at is informative: one write a minute per key; SKIP LOCKED so a request
    -- never waits on another one writing the same timestamp. (Nested IF: plpgsql evaluates
    -- every operand, and key_row is unassigned for a user.)
    IF is_key THEN
        IF key_row.last_used_at IS NULL OR key_row.last_used_at < now() - interval '1 minute'
        THEN
            UPDATE public.api_keys SET last_used_at = now()
             WHERE id = (SELECT k.id FROM public.api_keys k
                          WHERE k.id = key_row.id
                            AND (k.last_used_at IS NULL
                                 OR k.last_used_at < now() - interval '1 minute')
                          FOR UPDATE SKIP LOCKED);
        END IF;
    END IF;
END
$$
"""


def upgrade() -> None:
    role = get_settings().database_app_role
    op.execute(AUTHENTICATE)
    op.execute(f'GRANT EXECUTE ON FUNCTION vigie_authenticate(uuid, uuid, text) TO "{role}"')


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS vigie_authenticate(uuid, uuid, text)")
