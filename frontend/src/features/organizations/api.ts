import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import { useCursorList, type CursorPage } from "@/lib/api/queries";
import type { components } from "@/lib/api/schema";

type Schemas = components["schemas"];
export type Organization = Schemas["OrganizationRead"];
export type Workspace = Schemas["WorkspaceRead"];
export type Member = Schemas["MemberRead"];
export type Invitation = Schemas["InvitationRead"];
export type InvitationCreate = Schemas["InvitationCreate"];
export type ApiKey = Schemas["ApiKeyRead"];
export type ApiKeyCreate = Schemas["ApiKeyCreate"];
export type ApiKeyCreated = Schemas["ApiKeyCreated"];
export type OrgRole = Schemas["OrgRole"];

const PAGE_SIZE = 50;

/** Query keys; the workspaces feature invalidates `workspaces(org)` after a create/delete. */
export const orgKeys = {
  organization: (org: string) => ["organizations", org] as const,
  workspaces: (org: string) => ["organizations", org, "workspaces"] as const,
  allWorkspaces: (org: string) => ["organizations", org, "workspaces", "all"] as const,
  members: (org: string) => ["organizations", org, "members"] as const,
  invitations: (org: string) => ["organizations", org, "invitations"] as const,
  apiKeys: (org: string) => ["organizations", org, "api-keys"] as const,
};

const path = (organizationId: string) => ({ organization_id: organizationId });

/** Every page of a cursor list, for small lists shown at once (a select's options). */
async function fetchAll<T>(fetchPage: (cursor?: string) => Promise<CursorPage<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return items;
}

export const useOrganization = (organizationId: string) =>
  useQuery({
    queryKey: orgKeys.organization(organizationId),
    queryFn: () => unwrap(api.GET("/api/v1/organizations/{organization_id}", { params: { path: path(organizationId) } })),
  });

export const useOrgWorkspaces = (organizationId: string) =>
  useCursorList<Workspace>(orgKeys.workspaces(organizationId), (cursor) =>
    unwrap(
      api.GET("/api/v1/organizations/{organization_id}/workspaces", {
        params: { path: path(organizationId), query: { limit: PAGE_SIZE, cursor } },
      }),
    ),
  );

export const useAllOrgWorkspaces = (organizationId: string) =>
  useQuery({
    queryKey: orgKeys.allWorkspaces(organizationId),
    queryFn: () =>
      fetchAll<Workspace>((cursor) =>
        unwrap(
          api.GET("/api/v1/organizations/{organization_id}/workspaces", {
            params: { path: path(organizationId), query: { limit: 200, cursor } },
          }),
        ),
      ),
  });

export const useMembers = (organizationId: string) =>
  useCursorList<Member>(orgKeys.members(organizationId), (cursor) =>
    unwrap(
      api.GET("/api/v1/organizations/{organization_id}/members", {
        params: { path: path(organizationId), query: { limit: PAGE_SIZE, cursor } },
      }),
    ),
  );

export function useUpdateMember(organizationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ membershipId, role }: { membershipId: string; role: OrgRole }) =>
      unwrap(
        api.PATCH("/api/v1/organizations/{organization_id}/members/{membership_id}", {
          params: { path: { ...path(organizationId), membership_id: membershipId } },
          body: { role },
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: orgKeys.members(organizationId) }),
  });
}

export function useRemoveMember(organizationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (membershipId: string) =>
      unwrap(
        api.DELETE("/api/v1/organizations/{organization_id}/members/{membership_id}", {
          params: { path: { ...path(organizationId), membership_id: membershipId } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: orgKeys.members(organizationId) }),
  });
}

export const useInvitations = (organizationId: string) =>
  useCursorList<Invitation>(orgKeys.invitations(organizationId), (cursor) =>
    unwrap(
      api.GET("/api/v1/organizations/{organization_id}/invitations", {
        params: { path: path(organizationId), query: { limit: PAGE_SIZE, cursor } },
      }),
    ),
  );

export function useCreateInvitation(organizationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: InvitationCreate; key: string }) =>
      unwrap(
        api.POST("/api/v1/organizations/{organization_id}/invitations", {
          params: { path: path(organizationId) },
          body,
          headers: { "Idempotency-Key": key },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: orgKeys.invitations(organizationId) }),
  });
}

export function useRevokeInvitation(organizationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) =>
      unwrap(
        api.DELETE("/api/v1/organizations/{organization_id}/invitations/{invitation_id}", {
          params: { path: { ...path(organizationId), invitation_id: invitationId } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: orgKeys.invitations(organizationId) }),
  });
}

export const useApiKeys = (organizationId: string) =>
  useCursorList<ApiKey>(orgKeys.apiKeys(organizationId), (cursor) =>
    unwrap(
      api.GET("/api/v1/organizations/{organization_id}/api-keys", {
        params: { path: path(organizationId), query: { limit: PAGE_SIZE, cursor } },
      }),
    ),
  );

export function useCreateApiKey(organizationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: ApiKeyCreate; key: string }) =>
      unwrap(
        api.POST("/api/v1/organizations/{organization_id}/api-keys", {
          params: { path: path(organizationId) },
          body,
          headers: { "Idempotency-Key": key },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: orgKeys.apiKeys(organizationId) }),
  });
}

export function useRevokeApiKey(organizationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (apiKeyId: string) =>
      unwrap(
        api.DELETE("/api/v1/organizations/{organization_id}/api-keys/{api_key_id}", {
          params: { path: { ...path(organizationId), api_key_id: apiKeyId } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: orgKeys.apiKeys(organizationId) }),
  });
}

