/**
 * Pure rules of the organization screens: invitation status, API key scopes (grouped, and
 * limited to what the creator holds, as the API checks), expiry dates, assignable roles.
 */
import { permissionValues } from "@/lib/api/schema";
import type { Me, Permission } from "@/lib/permissions";

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export function invitationStatus(
  invitation: { accepted_at?: string | null; revoked_at?: string | null; expires_at: string },
  now: Date = new Date(),
): InvitationStatus {
  if (invitation.accepted_at) return "accepted";
  if (invitation.revoked_at) return "revoked";
  if (new Date(invitation.expires_at).getTime() <= now.getTime()) return "expired";
  return "pending";
}

/** Permissions held at organization level (app/auth/permissions.py, the owner's set). */
export const ORGANIZATION_SCOPES: readonly Permission[] = [
  "organization:read",
  "organization:write",
  "organization:delete",
  "billing:manage",
  "people:manage",
  "api_keys:manage",
  "webhooks:manage",
  "workspaces:create",
  "audit:read",
];

export const SCOPE_GROUPS = ["organization", "workspaces", "listening", "publishing", "management", "other"] as const;
export type ScopeGroup = (typeof SCOPE_GROUPS)[number];

const GROUP_OF_RESOURCE: Record<string, ScopeGroup> = {
  workspaces: "workspaces",
  members: "workspaces",
  watches: "listening",
  mentions: "listening",
  alerts: "listening",
  channels: "publishing",
  posts: "publishing",
  comments: "publishing",
  calendar: "publishing",
  budgets: "management",
  time: "management",
  objectives: "management",
  reports: "management",
};

export function scopeGroup(scope: string): ScopeGroup {
  if ((ORGANIZATION_SCOPES as readonly string[]).includes(scope)) return "organization";
  return GROUP_OF_RESOURCE[scope.split(":")[0]] ?? "other";
}

/** The i18n key of a scope's label (i18next reads ":" as a namespace separator). */
export function scopeKey(scope: string): string {
  return `scopes.${scope.replace(/[:.]/g, "_")}`;
}

/**
 * What the signed-in user may put in a key of this organization: their organization
 * permissions, plus every workspace permission for owners and admins (managers of every
 * workspace), plus what their workspace roles in this organization give.
 */
export function heldScopes(me: Me | undefined, organizationId: string): Permission[] {
  if (!me) return [];
  const org = me.organizations.find((o) => o.id === organizationId);
  const held = new Set<string>(org?.permissions ?? []);
  if (org?.role === "owner" || org?.role === "admin") {
    permissionValues.filter((p) => !ORGANIZATION_SCOPES.includes(p)).forEach((p) => held.add(p));
  }
  me.workspaces.filter((w) => w.organization_id === organizationId).forEach((w) => w.permissions.forEach((p) => held.add(p)));
  return permissionValues.filter((p) => held.has(p));
}

/** Scopes grouped for display, in the API's order within each group; empty groups left out. */
export function groupScopes(scopes: readonly string[]): { group: ScopeGroup; scopes: string[] }[] {
  return SCOPE_GROUPS.map((group) => ({ group, scopes: scopes.filter((s) => scopeGroup(s) === group) })).filter(
    (g) => g.scopes.length > 0,
  );
}

/** A date input's value (YYYY-MM-DD) → the end of that day, local time, as ISO; "" → null. */
export function expiryFromDate(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, m, d] = match;
  return new Date(Number(y), Number(m) - 1, Number(d), 23, 59, 59).toISOString();
}

/** Tomorrow as YYYY-MM-DD (local), the earliest expiry a date input offers. */
export function tomorrow(now: Date = new Date()): string {
  const t = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
}

/** Organization roles the user may give a member: only an owner hands out ownership. */
export function assignableOrgRoles(myRole: string | null | undefined): ("owner" | "admin" | "member")[] {
  return myRole === "owner" ? ["owner", "admin", "member"] : ["admin", "member"];
}

/** May the user change or remove this member? Only an owner touches an owner. */
export function canManageMember(myRole: string | null | undefined, memberRole: string): boolean {
  if (myRole !== "owner" && myRole !== "admin") return false;
  return memberRole !== "owner" || myRole === "owner";
}
