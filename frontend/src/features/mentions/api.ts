import { useMutation, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";

import { api, download, idempotencyKey, unwrap } from "@/lib/api/client";
import { useCursorList, type CursorPage } from "@/lib/api/queries";
import type { components } from "@/lib/api/schema";

import { toQueryString, type MentionsQuery, type SentimentLabel } from "./filters";

type Schemas = components["schemas"];
export type Mention = Schemas["MentionRead"];
export type Note = Schemas["NoteRead"];
export type Person = Schemas["PersonRead"];
export type Watch = Schemas["WatchRead"];

const PAGE_SIZE = 50;
const BULK_MAX = 500;

export const mentionKeys = {
  all: (ws: string) => ["mentions", ws] as const,
  list: (ws: string, query: MentionsQuery) => ["mentions", ws, "list", query] as const,
  notes: (ws: string, id: string) => ["mentions", ws, "notes", id] as const,
  suggestions: (ws: string, watchId: string) => ["mentions", ws, "suggestions", watchId] as const,
};

const params = (workspaceId: string) => ({ path: { workspace_id: workspaceId } });

export function useMentions(workspaceId: string, query: MentionsQuery, enabled = true) {
  return useCursorList<Mention>(
    mentionKeys.list(workspaceId, query),
    (cursor) =>
      unwrap(
        api.GET("/api/v1/workspaces/{workspace_id}/mentions", {
          params: { ...params(workspaceId), query: { ...query, limit: PAGE_SIZE, cursor } },
        }),
      ),
    enabled,
  );
}

export const useWorkspace = (workspaceId: string) =>
  useQuery({
    queryKey: ["workspace", workspaceId],
    queryFn: () => unwrap(api.GET("/api/v1/workspaces/{workspace_id}", { params: params(workspaceId) })),
  });

export const useWatches = (workspaceId: string, enabled = true) =>
  useQuery({
    queryKey: ["watches", workspaceId, "all"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/workspaces/{workspace_id}/watches", { params: { ...params(workspaceId), query: { limit: 200 } } })),
    select: (page) => page.items,
    enabled,
  });

/** Everyone working in the workspace, owners and admins of the agency included. */
export const useWorkspacePeople = (workspaceId: string, enabled = true) =>
  useQuery({
    queryKey: ["workspace-people", workspaceId],
    queryFn: () => unwrap(api.GET("/api/v1/workspaces/{workspace_id}/people", { params: params(workspaceId) })),
    select: (list) => list.items,
    enabled,
  });

/** Replaces a mention in every loaded inbox page, so triage does not reshuffle the list. */
function useReplaceInLists(workspaceId: string) {
  const client = useQueryClient();
  return (mention: Mention) => {
    client.setQueriesData<InfiniteData<CursorPage<Mention>>>({ queryKey: [...mentionKeys.all(workspaceId), "list"] }, (data) =>
      data
        ? {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              items: page.items.map((m) => (m.id === mention.id ? { ...mention, duplicates: m.duplicates } : m)),
            })),
          }
        : data,
    );
    void client.invalidateQueries({ queryKey: ["mention-stats", workspaceId] });
  };
}

export function useUpdateMention(workspaceId: string) {
  const replace = useReplaceInLists(workspaceId);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas["MentionUpdate"] }) =>
      unwrap(
        api.PATCH("/api/v1/workspaces/{workspace_id}/mentions/{mention_id}", {
          params: { path: { workspace_id: workspaceId, mention_id: id } },
          body,
        }),
      ),
    onSuccess: replace,
  });
}

export function useCorrectSentiment(workspaceId: string) {
  const replace = useReplaceInLists(workspaceId);
  return useMutation({
    mutationFn: ({ id, label }: { id: string; label: SentimentLabel }) =>
      unwrap(
        api.POST("/api/v1/workspaces/{workspace_id}/mentions/{mention_id}/sentiment", {
          params: { path: { workspace_id: workspaceId, mention_id: id } },
          body: { label },
          headers: { "Idempotency-Key": idempotencyKey() },
        }),
      ),
    onSuccess: replace,
  });
}

export function useBulkUpdate(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    // The API takes up to 500 ids a call: a bigger selection goes in several calls.
    mutationFn: async (body: Schemas["MentionBulkUpdate"]) => {
      let updated = 0;
      for (let i = 0; i < body.mention_ids.length; i += BULK_MAX) {
        const chunk = { ...body, mention_ids: body.mention_ids.slice(i, i + BULK_MAX) };
        updated += (await unwrap(api.POST("/api/v1/workspaces/{workspace_id}/mentions/bulk", { params: params(workspaceId), body: chunk }))).updated;
      }
      return { updated };
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: mentionKeys.all(workspaceId) });
      void client.invalidateQueries({ queryKey: ["mention-stats", workspaceId] });
    },
  });
}

export const useNotes = (workspaceId: string, mentionId: string, enabled: boolean) =>
  useQuery({
    queryKey: mentionKeys.notes(workspaceId, mentionId),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/workspaces/{workspace_id}/mentions/{mention_id}/notes", {
          params: { path: { workspace_id: workspaceId, mention_id: mentionId }, query: { limit: 200 } },
        }),
      ),
    select: (page) => page.items,
    enabled,
  });

export function useCreateNote(workspaceId: string, mention: Mention) {
  const client = useQueryClient();
  const replace = useReplaceInLists(workspaceId);
  return useMutation({
    mutationFn: ({ body, key }: { body: string; key: string }) =>
      unwrap(
        api.POST("/api/v1/workspaces/{workspace_id}/mentions/{mention_id}/notes", {
          params: { path: { workspace_id: workspaceId, mention_id: mention.id } },
          body: { body },
          headers: { "Idempotency-Key": key },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: mentionKeys.notes(workspaceId, mention.id) });
      replace({ ...mention, note_count: (mention.note_count ?? 0) + 1 });
    },
  });
}

export const useExclusionSuggestions = (workspaceId: string, watchId: string) =>
  useQuery({
    queryKey: mentionKeys.suggestions(workspaceId, watchId),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/workspaces/{workspace_id}/watches/{watch_id}/exclusion-suggestions", {
          params: { path: { workspace_id: workspaceId, watch_id: watchId }, query: { limit: 5 } },
        }),
      ),
    select: (answer) => answer.suggestions,
    staleTime: 0,
  });

export const useExportCsv = (workspaceId: string) =>
  useMutation({
    mutationFn: ({ query, filename }: { query: MentionsQuery; filename: string }) => {
      const qs = toQueryString(query);
      return download(`/api/v1/workspaces/${workspaceId}/mentions/export.csv${qs ? `?${qs}` : ""}`, filename);
    },
  });
