import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import { useCursorList } from "@/lib/api/queries";
import type { components } from "@/lib/api/schema";

import type { AlertKind, AlertRuleCreate, AlertRuleRead, AlertRuleUpdate } from "./rules";

type Schemas = components["schemas"];
export type Alert = Schemas["AlertRead"];
export type AlertDetail = Schemas["AlertDetail"];
export type AlertStatus = Schemas["AlertStatus"];

export const alertKeys = {
  all: (ws: string) => ["alerts", ws] as const,
  list: (ws: string, status?: AlertStatus, kind?: AlertKind) => ["alerts", ws, "list", status ?? "all", kind ?? "all"] as const,
  one: (ws: string, id: string) => ["alerts", ws, "one", id] as const,
  rules: (ws: string) => ["alert-rules", ws] as const,
};

const ws = (workspaceId: string) => ({ workspace_id: workspaceId });

export function useAlerts(workspaceId: string, status?: AlertStatus, kind?: AlertKind) {
  return useCursorList<Alert>(alertKeys.list(workspaceId, status, kind), (cursor) =>
    unwrap(
      api.GET("/api/v1/workspaces/{workspace_id}/alerts", {
        params: { path: ws(workspaceId), query: { status, kind, limit: 50, cursor } },
      }),
    ),
  );
}

export const useAlert = (workspaceId: string, alertId: string) =>
  useQuery({
    queryKey: alertKeys.one(workspaceId, alertId),
    queryFn: () =>
      unwrap(api.GET("/api/v1/workspaces/{workspace_id}/alerts/{alert_id}", { params: { path: { ...ws(workspaceId), alert_id: alertId } } })),
  });

export function useAcknowledge(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (alertId: string) =>
      unwrap(api.POST("/api/v1/workspaces/{workspace_id}/alerts/{alert_id}/acknowledge", { params: { path: { ...ws(workspaceId), alert_id: alertId } } })),
    onSuccess: (alert) => {
      queryClient.setQueryData<AlertDetail>(alertKeys.one(workspaceId, alert.id), (old) => (old ? { ...old, ...alert } : old));
      void queryClient.invalidateQueries({ queryKey: alertKeys.all(workspaceId) });
    },
  });
}

export function useRules(workspaceId: string) {
  return useCursorList<AlertRuleRead>(alertKeys.rules(workspaceId), (cursor) =>
    unwrap(api.GET("/api/v1/workspaces/{workspace_id}/alert-rules", { params: { path: ws(workspaceId), query: { limit: 100, cursor } } })),
  );
}

export function useCreateRule(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: AlertRuleCreate; key: string }) =>
      unwrap(api.POST("/api/v1/workspaces/{workspace_id}/alert-rules", { params: { path: ws(workspaceId) }, body, headers: { "Idempotency-Key": key } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: alertKeys.rules(workspaceId) }),
  });
}

export function useUpdateRule(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ruleId, body }: { ruleId: string; body: AlertRuleUpdate }) =>
      unwrap(api.PATCH("/api/v1/workspaces/{workspace_id}/alert-rules/{rule_id}", { params: { path: { ...ws(workspaceId), rule_id: ruleId } }, body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: alertKeys.rules(workspaceId) }),
  });
}

export function useDeleteRule(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ruleId: string) =>
      unwrap(api.DELETE("/api/v1/workspaces/{workspace_id}/alert-rules/{rule_id}", { params: { path: { ...ws(workspaceId), rule_id: ruleId } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: alertKeys.rules(workspaceId) }),
  });
}

/** The workspace's watches, to choose a rule's watch and name it in lists. */
export const useWatchNames = (workspaceId: string, enabled = true) =>
  useQuery({
    queryKey: ["watches", workspaceId, "names"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/workspaces/{workspace_id}/watches", { params: { path: ws(workspaceId), query: { limit: 200 } } })),
    select: (page) => page.items.map((w) => ({ id: w.id, name: w.name })),
    enabled,
  });

/** Workspace members, to say who acknowledged an alert. */
export const useMemberNames = (workspaceId: string, enabled = true) =>
  useQuery({
    queryKey: ["workspace-members", workspaceId, "names"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/workspaces/{workspace_id}/members", { params: { path: ws(workspaceId), query: { limit: 200 } } })),
    select: (page) => new Map(page.items.map((m) => [m.user_id, m.full_name || m.email])),
    enabled,
  });
