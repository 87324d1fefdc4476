import { describe, expect, it } from "vitest";

import { assignablePeople, nameIndex } from "./components/people";

const person = (user_id: string, full_name: string, role: string) => ({ user_id, full_name, email: `${user_id}@example.com`, role });
const people = [person("c", "Claire", "client_viewer"), person("b", "Bruno", "member"), person("o", "Olivia", "manager")];

describe("assignees", () => {
  it("offers agency staff only, the signed-in user first", () => {
    expect(assignablePeople(people, { id: "o", full_name: "Olivia" }, true).map((p) => [p.id, p.isMe])).toEqual([
      ["o", true],
      ["b", false],
    ]);
  });

  it("adds the signed-in triager when the list does not hold them yet", () => {
    expect(assignablePeople([], { id: "x", full_name: "Xavier" }, true)).toEqual([{ id: "x", name: "Xavier", isMe: true }]);
    expect(assignablePeople([], { id: "x", full_name: "Xavier" }, false)).toEqual([]);
  });

  it("names everyone it knows, clients included (note authors)", () => {
    expect(nameIndex(people, undefined).get("c")).toBe("Claire");
  });
});
