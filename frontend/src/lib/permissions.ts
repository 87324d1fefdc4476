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

/** Where to land after signing in: the first workspace, else the first organization. */
export function homePath(me: Me): string {
  if (me.workspaces.length) return `/workspaces/${me.workspaces[0].id}`;
  if (me.organizations.length) return `/organizations/${me.organizations[0].id}`;
  return "/account";
}
