import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";

import type { Interval } from "./transforms";

const params = (workspaceId: string) => ({ path: { workspace_id: workspaceId } });

export const useWorkspace = (workspaceId: string) =>
  useQuery({
    queryKey: ["workspace", workspaceId],
    queryFn: () => unwrap(api.GET("/api/v1/workspaces/{workspace_id}", { params: params(workspaceId) })),
  });

export const useMentionStats = (
  workspaceId: string,
  range: { since: string; until: string; interval: Interval },
  enabled: boolean,
) =>
  useQuery({
    queryKey: ["mention-stats", workspaceId, range],
    queryFn: () =>
      unwrap(api.GET("/api/v1/workspaces/{workspace_id}/mentions/stats", { params: { ...params(workspaceId), query: range } })),
    enabled,
    placeholderData: (previous) => previous,
  });

/** The open alerts, newest first (the first few; the alerts page has the rest). */
export const useOpenAlerts = (workspaceId: string, enabled: boolean) =>
  useQuery({
    queryKey: ["alerts", workspaceId, "open", "dashboard"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/workspaces/{workspace_id}/alerts", {
          params: { ...params(workspaceId), query: { status: "open", limit: 6 } },
        }),
      ),
    enabled,
  });

/** Whether the workspace has any mention at all (to tell "none yet" from "none lately"). */
export const useHasMentions = (workspaceId: string, enabled: boolean) =>
  useQuery({
    queryKey: ["mentions", workspaceId, "any"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/workspaces/{workspace_id}/mentions", { params: { ...params(workspaceId), query: { limit: 1 } } })),
    select: (page) => page.items.length > 0,
    enabled,
  });
