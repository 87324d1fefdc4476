import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import { useCursorList } from "@/lib/api/queries";
import type { components } from "@/lib/api/schema";

type Schemas = components["schemas"];
export type Workspace = Schemas["WorkspaceRead"];
export type WorkspaceCreate = Schemas["WorkspaceCreate"];
export type WorkspaceUpdate = Schemas["WorkspaceUpdate"];
export type Member = Schemas["MemberRead"];
export type WorkspaceRole = Schemas["WorkspaceRole"];

/** Keys shared by convention with the other features (they read the same resources). */
export const workspaceKeys = {
  workspace: (id: string) => ["workspace", id] as const,
  members: (id: string) => ["workspace-members", id] as const,
  orgWorkspaces: (org: string) => ["organizations", org, "workspaces"] as const,
  orgMembers: (org: string) => ["organizations", org, "members"] as const,
};

const wsPath = (workspaceId: string) => ({ path: { workspace_id: workspaceId } });

export const useWorkspace = (workspaceId: string) =>
  useQuery({
    queryKey: workspaceKeys.workspace(workspaceId),
    queryFn: () => unwrap(api.GET("/api/v1/workspaces/{workspace_id}", { params: wsPath(workspaceId) })),
  });

export function useSaveWorkspace(organizationId: string, workspaceId?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: WorkspaceCreate; key: string }) =>
      workspaceId
        ? unwrap(api.PATCH("/api/v1/workspaces/{workspace_id}", { params: wsPath(workspaceId), body }))
        : unwrap(
            api.POST("/api/v1/organizations/{organization_id}/workspaces", {
              params: { path: { organization_id: organizationId } },
              body,
              headers: { "Idempotency-Key": key },
            }),
          ),
    onSuccess: (workspace) => {
      client.setQueryData(workspaceKeys.workspace(workspace.id), workspace);
      void client.invalidateQueries({ queryKey: workspaceKeys.orgWorkspaces(organizationId) });
    },
  });
}

export function useDeleteWorkspace(organizationId: string, workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/workspaces/{workspace_id}", { params: wsPath(workspaceId) })),
    onSuccess: () => {
      client.removeQueries({ queryKey: workspaceKeys.workspace(workspaceId) });
      void client.invalidateQueries({ queryKey: workspaceKeys.orgWorkspaces(organizationId) });
    },
  });
}

export const useWorkspaceMembers = (workspaceId: string) =>
  useCursorList<Member>([...workspaceKeys.members(workspaceId), "list"], (cursor) =>
    unwrap(
      api.GET("/api/v1/workspaces/{workspace_id}/members", {
        params: { ...wsPath(workspaceId), query: { limit: 50, cursor } },
      }),
    ),
  );

/** Organization members who could be added to a workspace (agency staff). */
export const useOrganizationMembers = (organizationId: string, enabled: boolean) =>
  useQuery({
    queryKey: [...workspaceKeys.orgMembers(organizationId), "all"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{organization_id}/members", {
          params: { path: { organization_id: organizationId }, query: { limit: 200 } },
        }),
      ),
    select: (page) => page.items,
    enabled,
  });

function useMemberMutation<V>(workspaceId: string, run: (vars: V) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => client.invalidateQueries({ queryKey: workspaceKeys.members(workspaceId) }),
  });
}

export const useAddWorkspaceMember = (workspaceId: string) =>
  useMemberMutation(workspaceId, ({ userId, role, key }: { userId: string; role: WorkspaceRole; key: string }) =>
    unwrap(
      api.POST("/api/v1/workspaces/{workspace_id}/members", {
        params: wsPath(workspaceId),
        body: { user_id: userId, role },
        headers: { "Idempotency-Key": key },
      }),
    ),
  );

export const useUpdateWorkspaceMember = (workspaceId: string) =>
  useMemberMutation(workspaceId, ({ membershipId, role }: { membershipId: string; role: WorkspaceRole }) =>
    unwrap(
      api.PATCH("/api/v1/workspaces/{workspace_id}/members/{membership_id}", {
        params: { path: { workspace_id: workspaceId, membership_id: membershipId } },
        body: { role },
      }),
    ),
  );

export const useRemoveWorkspaceMember = (workspaceId: string) =>
  useMemberMutation(workspaceId, (membershipId: string) =>
    unwrap(
      api.DELETE("/api/v1/workspaces/{workspace_id}/members/{membership_id}", {
        params: { path: { workspace_id: workspaceId, membership_id: membershipId } },
      }),
    ),
  );
