import { useState } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet, useLocation, useNavigate, useParams } from "react-router";

import { useAuth } from "@/lib/auth/AuthProvider";
import { canInOrganization, canInWorkspace, type Me, type Permission } from "@/lib/permissions";

import { Loading } from "../ui/Feedback";
import { LocaleSwitcher } from "./LocaleSwitcher";

interface NavItem {
  to: string;
  label: string;
  allowed: boolean;
  end?: boolean;
}

/** The organization in view: the route's, else the current workspace's, else the first. */
export function currentOrganizationId(me: Me, params: { organizationId?: string; workspaceId?: string }) {
  if (params.organizationId) return params.organizationId;
  const workspace = me.workspaces.find((w) => w.id === params.workspaceId);
  return workspace?.organization_id ?? me.organizations[0]?.id;
}

function WorkspaceSwitcher({ me, workspaceId }: { me: Me; workspaceId?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const byOrg = new Map<string, Me["workspaces"]>();
  me.workspaces.forEach((w) => byOrg.set(w.organization_id, [...(byOrg.get(w.organization_id) ?? []), w]));
  const orgName = (id: string) => me.organizations.find((o) => o.id === id)?.name ?? "";
  if (!me.workspaces.length) return null;
  return (
    <label className="switcher">
      <span className="visually-hidden">{t("nav.chooseWorkspace")}</span>
      <select value={workspaceId ?? ""} onChange={(e) => e.target.value && navigate(`/workspaces/${e.target.value}`)}>
        {!workspaceId && <option value="">{t("nav.chooseWorkspace")}</option>}
        {[...byOrg.entries()].map(([orgId, workspaces]) => (
          <optgroup key={orgId} label={orgName(orgId) || t("nav.organization")}>
            {workspaces.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const { me, loading, signOut } = useAuth();
  const params = useParams();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  if (loading || !me) return <Loading />;

  const ws = params.workspaceId;
  const org = currentOrganizationId(me, params);
  const inWs = (p: Permission) => !!ws && canInWorkspace(me, ws, p);
  const inOrg = (p: Permission) => !!org && canInOrganization(me, org, p);
  const workspaceItems: NavItem[] = ws
    ? [
        { to: `/workspaces/${ws}`, label: t("nav.dashboard"), allowed: inWs("workspaces:read"), end: true },
        { to: `/workspaces/${ws}/mentions`, label: t("nav.mentions"), allowed: inWs("mentions:read") },
        { to: `/workspaces/${ws}/watches`, label: t("nav.watches"), allowed: inWs("watches:read") },
        { to: `/workspaces/${ws}/alerts`, label: t("nav.alerts"), allowed: inWs("alerts:read") },
        { to: `/workspaces/${ws}/settings`, label: t("nav.workspaceSettings"), allowed: inWs("members:read") },
      ]
    : [];
  const orgItems: NavItem[] = org
    ? [
        { to: `/organizations/${org}/workspaces/new`, label: t("nav.newWorkspace"), allowed: inOrg("workspaces:create") },
        { to: `/organizations/${org}/members`, label: t("nav.members"), allowed: inOrg("people:manage") },
        { to: `/organizations/${org}/api-keys`, label: t("nav.apiKeys"), allowed: inOrg("api_keys:manage") },
      ]
    : [];
  const orgName = me.organizations.find((o) => o.id === org)?.name;
  const links = (items: NavItem[]) =>
    items
      .filter((i) => i.allowed)
      .map((i) => (
        <li key={i.to}>
          <NavLink to={i.to} end={i.end} onClick={() => setMenuOpen(false)}>
            {i.label}
          </NavLink>
        </li>
      ));

  return (
    <div className="app-layout">
      <a className="skip-link" href="#content">
        {t("nav.skipToContent")}
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand">
          <span className="logo" aria-hidden="true" />
          <span>{t("appName")}</span>
        </NavLink>
        <WorkspaceSwitcher me={me} workspaceId={ws} />
        <button
          type="button"
          className="btn btn-ghost menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          {t("nav.menu")}
        </button>
        <div className="topbar-end">
          <LocaleSwitcher />
          <NavLink to="/account" className="user-link">
            {me.user.full_name}
          </NavLink>
          <button type="button" className="btn btn-ghost" onClick={() => void signOut()}>
            {t("nav.signOut")}
          </button>
        </div>
      </header>
      <div className="app-body">
        <nav id="main-nav" className={`sidebar${menuOpen ? " open" : ""}`} aria-label={t("nav.main")}>
          {workspaceItems.some((i) => i.allowed) && (
            <>
              <p className="nav-heading">{me.workspaces.find((w) => w.id === ws)?.name ?? t("nav.workspace")}</p>
              <ul>{links(workspaceItems)}</ul>
            </>
          )}
          {orgItems.some((i) => i.allowed) && (
            <>
              <p className="nav-heading">{orgName ?? t("nav.organization")}</p>
              <ul>{links(orgItems)}</ul>
            </>
          )}
          <ul className="nav-mobile-only">
            <li>
              <NavLink to="/account">{t("nav.account")}</NavLink>
            </li>
          </ul>
        </nav>
        <main id="content" className="content" key={location.pathname}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
