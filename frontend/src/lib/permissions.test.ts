import { describe, expect, it } from "vitest";

import { canInOrganization, canInWorkspace, homePath, type Me } from "./permissions";

const user = { id: "u", email: "a@example.com", full_name: "A", locale: "en" as const, email_verified_at: null, created_at: "" };
const me = (workspaces: Me["workspaces"], organizations: Me["organizations"]): Me => ({ user, workspaces, organizations });
const ws = { id: "w1", organization_id: "o1", name: "Brand", slug: "brand", role: "client_viewer", permissions: ["workspaces:read"] };
const agency = { id: "o1", name: "Agency", slug: "agency", role: "owner" as const, permissions: ["workspaces:create", "people:manage"] };

describe("permissions", () => {
  it("answers from the role's permissions in that workspace or organization only", () => {
    const m = me([ws], [agency]);
    expect(canInWorkspace(m, "w1", "workspaces:read")).toBe(true);
    expect(canInWorkspace(m, "w1", "mentions:read")).toBe(false);
    expect(canInWorkspace(m, "w2", "workspaces:read")).toBe(false);
    expect(canInOrganization(m, "o1", "people:manage")).toBe(true);
    expect(canInOrganization(undefined, "o1", "people:manage")).toBe(false);
  });

  it("lands on the first workspace, else the onboarding wizard of a new agency", () => {
    expect(homePath(me([ws], [agency]))).toBe("/workspaces/w1");
    expect(homePath(me([], [agency]))).toBe("/organizations/o1/workspaces/new");
    expect(homePath(me([], [{ ...agency, permissions: ["organization:read"] }]))).toBe("/organizations/o1");
    expect(homePath(me([], []))).toBe("/account");
  });
});
