/** The bulk triage form → the API's MentionBulkUpdate. Pure. */
import type { components } from "@/lib/api/schema";
import { mentionStatusValues } from "@/lib/api/schema";

import { splitList } from "./filters";

export const NO_CHANGE = "";
export const UNASSIGN = "__none__";

/** What the bulk form asks the API, or null when nothing was chosen. Pure. */
export function bulkBody(
  ids: string[],
  status: string,
  assignee: string,
  tag: string,
): components["schemas"]["MentionBulkUpdate"] | null {
  const body: components["schemas"]["MentionBulkUpdate"] = { mention_ids: ids };
  const chosen = mentionStatusValues.find((s) => s === status);
  if (chosen) body.set_status = chosen;
  if (assignee === UNASSIGN) body.set_assignee_id = null;
  else if (assignee) body.set_assignee_id = assignee;
  const tags = splitList(tag);
  if (tags.length) body.add_tags = tags;
  return Object.keys(body).length > 1 && ids.length ? body : null;
}
