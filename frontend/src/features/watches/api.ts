import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, idempotencyKey, unwrap } from "@/lib/api/client";
import { useCursorList } from "@/lib/api/queries";
import type { components } from "@/lib/api/schema";

type Schemas = components["schemas"];
export type Watch = Schemas["WatchRead"];
export type WatchCreate = Schemas["WatchCreate"];
export type WatchUpdate = Schemas["WatchUpdate"];
export type PreviewRequest = Schemas["PreviewRequest"];
export type PreviewResponse = Schemas["PreviewResponse"];

/** Under ["watches", ws] so every list of watches (other features' pickers too) refreshes. */
export const watchKeys = {
  all: (ws: string) => ["watches", ws] as const,
  list: (ws: string) => ["watches", ws, "list"] as const,
  one: (ws: string, id: string) => ["watches", ws, "one", id] as const,
  suggestions: (ws: string, id: string) => ["watches", ws, "suggestions", id] as const,
};

const ws = (workspaceId: string) => ({ workspace_id: workspaceId });
const one = (workspaceId: string, watchId: string) => ({ workspace_id: workspaceId, watch_id: watchId });

export function useWatchList(workspaceId: string) {
  return useCursorList<Watch>(
    watchKeys.list(workspaceId),
    (cursor) =>
      unwrap(api.GET("/api/v1/workspaces/{workspace_id}/watches", { params: { path: ws(workspaceId), query: { limit: 50, cursor } } })),
  );
}

/** One watch; its sources' health moves as workers run, so it refreshes while shown. */
export const useWatch = (workspaceId: string, watchId: string | undefined) =>
  useQuery({
    refetchInterval: 30_000,
    queryKey: watchKeys.one(workspaceId, watchId ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/workspaces/{workspace_id}/watches/{watch_id}", { params: { path: one(workspaceId, watchId ?? "") } })),
    enabled: !!watchId,
  });

export function useCreateWatch(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: WatchCreate; key: string }) =>
      unwrap(api.POST("/api/v1/workspaces/{workspace_id}/watches", { params: { path: ws(workspaceId) }, body, headers: { "Idempotency-Key": key } })),
    onSuccess: (watch) => {
      queryClient.setQueryData(watchKeys.one(workspaceId, watch.id), watch);
      void queryClient.invalidateQueries({ queryKey: watchKeys.all(workspaceId) });
    },
  });
}

export function useUpdateWatch(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ watchId, body }: { watchId: string; body: WatchUpdate }) =>
      unwrap(api.PATCH("/api/v1/workspaces/{workspace_id}/watches/{watch_id}", { params: { path: one(workspaceId, watchId) }, body })),
    onSuccess: (watch) => {
      queryClient.setQueryData(watchKeys.one(workspaceId, watch.id), watch);
      void queryClient.invalidateQueries({ queryKey: watchKeys.all(workspaceId) });
    },
  });
}

export function useDeleteWatch(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (watchId: string) =>
      unwrap(api.DELETE("/api/v1/workspaces/{workspace_id}/watches/{watch_id}", { params: { path: one(workspaceId, watchId) } })),
    onSuccess: (_, watchId) => {
      queryClient.removeQueries({ queryKey: watchKeys.one(workspaceId, watchId) });
      void queryClient.invalidateQueries({ queryKey: watchKeys.all(workspaceId) });
    },
  });
}

/** Run every source of the watch as soon as a worker is free (202 with the watch). */
export const collectWatch = (workspaceId: string, watchId: string) =>
  unwrap(
    api.POST("/api/v1/workspaces/{workspace_id}/watches/{watch_id}/collect", {
      params: { path: one(workspaceId, watchId) },
      headers: { "Idempotency-Key": idempotencyKey() },
    }),
  );

export function useCollectWatch(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (watchId: string) => collectWatch(workspaceId, watchId),
    onSuccess: (watch) => {
      queryClient.setQueryData(watchKeys.one(workspaceId, watch.id), watch);
      void queryClient.invalidateQueries({ queryKey: watchKeys.list(workspaceId) });
    },
  });
}

/** Runs a draft query once against its sources, storing nothing (may take seconds). */
export const usePreviewDraft = (workspaceId: string) =>
  useMutation({
    mutationFn: (body: PreviewRequest) =>
      unwrap(api.POST("/api/v1/workspaces/{workspace_id}/watches/preview", { params: { path: ws(workspaceId) }, body })),
  });

export const useExclusionSuggestions = (workspaceId: string, watchId: string | undefined, enabled = true) =>
  useQuery({
    queryKey: watchKeys.suggestions(workspaceId, watchId ?? ""),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/workspaces/{workspace_id}/watches/{watch_id}/exclusion-suggestions", {
          params: { path: one(workspaceId, watchId ?? ""), query: { limit: 10 } },
        }),
      ),
    enabled: !!watchId && enabled,
    select: (data) => data.suggestions,
  });
