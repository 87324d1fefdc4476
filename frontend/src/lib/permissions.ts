/**
 * What the signed-in user may do, from GET /me (the API's role table, app/auth/permissions.py).
 * The UI only offers actions these allow, so it never proposes what the API would refuse.
 */
import type { components } from "@/lib/api/schema";

export type Me = components["schemas"]["MeRead"];
export type Permission = components["schemas"]["Permission"];

export function canInWorkspace(me: Me | undefined, workspaceId: string, permission: Permission): boolean {
  return !!me?.workspaces.find((w) => w.id === workspaceId)?.permissions.includes(permission);
}

export function canInOrganization(me: Me | undefined, organizationId: string, permission: Permission): boolean {
  return !!me?.organizations.find((o) => o.id === organizationId)?.permissions.includes(permission);
}

/**
 * Where to land after signing in: the first workspace; an agency without a client yet starts
 * the onboarding wizard; else the organization, else the account page.
 */
export function homePath(me: Me): string {
  if (me.workspaces.length) return `/workspaces/${me.workspaces[0].id}`;
  const org = me.organizations[0];
  if (org?.permissions.includes("workspaces:create")) return `/organizations/${org.id}/workspaces/new`;
  if (org) return `/organizations/${org.id}`;
  return "/account";
}
