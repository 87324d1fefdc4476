import type { Person } from "../api";

export interface PersonOption {
  id: string;
  name: string;
  isMe: boolean;
}

/**
 * Who a mention may be assigned to: agency staff working in the workspace (its members and
 * the organization's owners and admins, "manager"), the signed-in user first.
 * Client roles are never offered: the API refuses them as assignees.
 */
export function assignablePeople(members: Person[], me: { id: string; full_name: string } | undefined, meIsStaff: boolean): PersonOption[] {
  const staff = members
    .filter((m) => m.role === "member" || m.role === "manager")
    .map((m) => ({ id: m.user_id, name: m.full_name || m.email, isMe: m.user_id === me?.id }));
  if (me && meIsStaff && !staff.some((p) => p.id === me.id)) staff.unshift({ id: me.id, name: me.full_name, isMe: true });
  return staff.sort((a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name));
}

/** Display names of everyone we know, for assignees and note authors. */
export function nameIndex(members: Person[], me: { id: string; full_name: string } | undefined): Map<string, string> {
  const index = new Map(members.map((m) => [m.user_id, m.full_name || m.email]));
  if (me) index.set(me.id, me.full_name);
  return index;
}
