"""Row-level security is the second lock: checked from the catalog and by raw connections."""

import re

import asyncpg

from app.core.config import get_settings
from tests.conftest import owner_dsn
from tests.factories import create_workspace, signup

TENANT_QUERY = """
SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
       (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname) AS policies
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r'
  AND (EXISTS (SELECT 1 FROM information_schema.columns col
               WHERE col.table_name = c.relname AND col.column_name = 'organization_id')
       OR c.relname = 'organizations')
"""


async def test_every_tenant_table_forces_rls_with_a_policy(owner_db: asyncpg.Connection) -> None:
    rows = await owner_db.fetch(TENANT_QUERY)
    assert len(rows) >= 7
    for row in rows:
        assert row["relrowsecurity"] and row["relforcerowsecurity"], row["relname"]
        assert row["policies"] >= 1, row["relname"]


async def test_policies_read_the_scope_once_per_statement(owner_db: asyncpg.Connection
                                                          ) -> None:
    """A plain `vigie_ids(...)` call is inlined and parsed again for every row checked; a
    scalar sub-select is computed once (an InitPlan)."""
    plain = re.compile(r"(?<!SELECT )vigie_(ids|user_id|system)\(")
    rows = await owner_db.fetch("SELECT tablename, qual, with_check FROM pg_policies "
                                "WHERE schemaname = 'public'")
    assert len(rows) >= 7
    for row in rows:
        for expression in (row["qual"], row["with_check"]):
            assert "vigie_" in (expression or "vigie_"), row["tablename"]
            assert not plain.search(expression or ""), (row["tablename"], expression)
    role = get_settings().database_app_role
    async with owner_db.transaction():
        await owner_db.execute(f'SET LOCAL ROLE "{role}"')
        plan = "\n".join(r[0] for r in await owner_db.fetch(
            "EXPLAIN SELECT id FROM mentions WHERE text = 'x'"))
    assert "InitPlan" in plan and "current_setting" not in plan, plan


async def test_app_role_owns_nothing_and_cannot_bypass(owner_db: asyncpg.Connection) -> None:
    role = get_settings().database_app_role
    flags = await owner_db.fetchrow(
        "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1", role)
    assert flags is not None and not flags["rolsuper"] and not flags["rolbypassrls"]
    owned = await owner_db.fetchval(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = $1", role)
    assert owned == 0


async def test_raw_connection_without_tenant_sees_nothing(client) -> None:  # type: ignore[no-untyped-def]
    owner = await signup(client)
    await create_workspace(client, owner["headers"], owner["org_id"])
    # Even a superuser URL: once switched to the app role, no tenant set means no rows.
    conn = await asyncpg.connect(owner_dsn())
    try:
        assert await conn.fetchval("SELECT count(*) FROM workspaces") == 1  # owner sees it
        await conn.execute(f'SET ROLE "{get_settings().database_app_role}"')
        for table in ("organizations", "organization_memberships", "workspaces",
                      "workspace_memberships", "invitations", "api_keys"):
            assert await conn.fetchval(f"SELECT count(*) FROM {table}") == 0, table
        async with conn.transaction():
            await conn.execute("SELECT set_config('app.org_ids', $1, true)", owner["org_id"])
            assert await conn.fetchval("SELECT count(*) FROM workspaces") == 1
        # set_config(..., true) ends with the transaction: closed again.
        assert await conn.fetchval("SELECT count(*) FROM workspaces") == 0
    finally:
        await conn.close()


async def test_rls_rejects_writes_into_another_tenant(client) -> None:  # type: ignore[no-untyped-def]
    a = await signup(client)
    b = await signup(client)
    conn = await asyncpg.connect(owner_dsn())
    try:
        await conn.execute(f'SET ROLE "{get_settings().database_app_role}"')
        async with conn.transaction():
            await conn.execute("SELECT set_config('app.org_ids', $1, true)", a["org_id"])
            try:
                await conn.execute(
                    "INSERT INTO workspaces (id, organization_id, name, slug, timezone, locale,"
                    " brand_name, keywords, competitors, created_at, updated_at) VALUES"
                    " (gen_random_uuid(), $1, 'x', 'x', 'UTC', 'fr', '', '{}', '{}', now(),"
                    " now())", b["org_id"])
                raise AssertionError("insert into another tenant was accepted")
            except asyncpg.InsufficientPrivilegeError:
                pass
    finally:
        await conn.close()
