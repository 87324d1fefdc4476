import { describe, expect, it } from "vitest";

import { permissionValues } from "@/lib/api/schema";
import type { Me } from "@/lib/permissions";

import { organizations } from "./i18n";
import {
  assignableOrgRoles,
  canManageMember,
  expiryFromDate,
  groupScopes,
  heldScopes,
  invitationStatus,
  scopeGroup,
  scopeKey,
  tomorrow,
} from "./logic";

const at = (iso: string) => new Date(iso);

describe("invitationStatus", () => {
  const base = { accepted_at: null, revoked_at: null, expires_at: "2030-01-08T00:00:00Z" };
  it("is pending until it expires", () => {
    expect(invitationStatus(base, at("2030-01-01T00:00:00Z"))).toBe("pending");
    expect(invitationStatus(base, at("2030-01-08T00:00:00Z"))).toBe("expired");
  });
  it("accepted and revoked win over expiry", () => {
    expect(invitationStatus({ ...base, accepted_at: "2030-01-02T00:00:00Z" }, at("2031-01-01T00:00:00Z"))).toBe("accepted");
    expect(invitationStatus({ ...base, revoked_at: "2030-01-02T00:00:00Z" }, at("2031-01-01T00:00:00Z"))).toBe("revoked");
  });
});

describe("scopes", () => {
  it("every permission has a group and a label in both languages", () => {
    for (const p of permissionValues) {
      expect(scopeGroup(p)).not.toBe("other");
      const key = scopeKey(p).split(".")[1] as keyof typeof organizations.en.scopes;
      expect(organizations.en.scopes[key], p).toBeTruthy();
      expect(organizations.fr.scopes[key], p).toBeTruthy();
    }
  });

  it("keys avoid i18next separators", () => {
    expect(scopeKey("watches:read")).toBe("scopes.watches_read");
  });

  it("groups keep the API's order and drop empty groups", () => {
    expect(groupScopes(["mentions:read", "organization:read", "watches:read"])).toEqual([
      { group: "organization", scopes: ["organization:read"] },
      { group: "listening", scopes: ["mentions:read", "watches:read"] },
    ]);
  });

  const me = (role: "owner" | "admin" | "member" | null, wsPerms: string[] = []): Me => ({
    user: { id: "u", email: "a@b.c", full_name: "A", locale: "en" } as Me["user"],
    organizations: [{ id: "o", name: "O", slug: "o", role, permissions: role === "member" ? ["organization:read"] : ["organization:read", "people:manage", "api_keys:manage"] }],
    workspaces: wsPerms.length ? [{ id: "w", organization_id: "o", name: "W", slug: "w", role: "member", permissions: wsPerms }] : [],
  });

  it("admins may give every workspace permission, even without a workspace yet", () => {
    const held = heldScopes(me("admin"), "o");
    expect(held).toContain("mentions:write");
    expect(held).toContain("api_keys:manage");
    expect(held).not.toContain("billing:manage");
  });

  it("members hold what their workspaces give", () => {
    expect(heldScopes(me("member", ["watches:read"]), "o")).toEqual(["organization:read", "watches:read"]);
    expect(heldScopes(me("member"), "other")).toEqual([]);
  });
});

describe("expiry", () => {
  it("ends at the end of the chosen local day", () => {
    const iso = expiryFromDate("2030-03-05");
    expect(iso).not.toBeNull();
    const d = new Date(iso as string);
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()]).toEqual([2030, 2, 5, 23, 59]);
    expect(expiryFromDate("")).toBeNull();
  });
  it("tomorrow rolls over months", () => {
    expect(tomorrow(new Date(2030, 0, 31, 12))).toBe("2030-02-01");
  });
});

describe("roles", () => {
  it("only an owner hands out or takes away ownership", () => {
    expect(assignableOrgRoles("admin")).toEqual(["admin", "member"]);
    expect(assignableOrgRoles("owner")).toContain("owner");
    expect(canManageMember("admin", "owner")).toBe(false);
    expect(canManageMember("owner", "owner")).toBe(true);
    expect(canManageMember("admin", "member")).toBe(true);
    expect(canManageMember("member", "member")).toBe(false);
  });
});
