import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { ConfirmActions, Dialog } from "@/components/ui/Dialog";
import { EmptyState, ErrorMessage, Loading, Notice } from "@/components/ui/Feedback";
import { SelectField, TextField } from "@/components/ui/Field";
import { InfiniteScroll } from "@/components/ui/InfiniteScroll";
import { Badge, Card, PageHeader } from "@/components/ui/Page";
import { idempotencyKey } from "@/lib/api/client";
import { useAuth } from "@/lib/auth/AuthProvider";
import { formatDateTime } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

import {
  useAllOrgWorkspaces,
  useCreateInvitation,
  useInvitations,
  useMembers,
  useRemoveMember,
  useRevokeInvitation,
  useUpdateMember,
  type Invitation,
  type InvitationCreate,
  type Member,
  type OrgRole,
  type Workspace,
} from "../api";
import { assignableOrgRoles, canManageMember, invitationStatus, type InvitationStatus } from "../logic";

type Confirm = { kind: "remove"; member: Member } | { kind: "revoke"; invitation: Invitation } | null;

const STATUS_TONE: Record<InvitationStatus, string> = {
  pending: "info",
  accepted: "positive",
  revoked: "neutral",
  expired: "warning",
};

/** Organization members with their roles, invitations, and the invite form. */
export function MembersPage() {
  const { organizationId = "" } = useParams();
  const { t } = useTranslation("organizations");
  const { t: tc } = useTranslation();
  const { me, refreshMe } = useAuth();
  const myRole = me?.organizations.find((o) => o.id === organizationId)?.role;
  const members = useMembers(organizationId);
  const invitations = useInvitations(organizationId);
  const workspaces = useAllOrgWorkspaces(organizationId);
  const updateMember = useUpdateMember(organizationId);
  const removeMember = useRemoveMember(organizationId);
  const revoke = useRevokeInvitation(organizationId);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [status, setStatus] = useState("");
  const [actionError, setActionError] = useState<unknown>(null);

  const workspaceName = (id?: string | null) => workspaces.data?.find((w) => w.id === id)?.name ?? t("members.unknownWorkspace");

  const changeRole = async (member: Member, role: OrgRole) => {
    setActionError(null);
    setStatus("");
    try {
      await updateMember.mutateAsync({ membershipId: member.id, role });
      setStatus(t("members.roleChanged", { name: member.full_name, role: tc(`roles.${role}`) }));
      if (member.user_id === me?.user.id) await refreshMe();
    } catch (error) {
      setActionError(error);
    }
  };

  const runConfirm = async () => {
    if (!confirm) return;
    setActionError(null);
    setStatus("");
    try {
      if (confirm.kind === "remove") {
        await removeMember.mutateAsync(confirm.member.id);
        setStatus(t("members.removed", { name: confirm.member.full_name }));
        if (confirm.member.user_id === me?.user.id) await refreshMe();
      } else {
        await revoke.mutateAsync(confirm.invitation.id);
        setStatus(t("invitations.revoked", { email: confirm.invitation.email }));
      }
    } catch (error) {
      setActionError(error);
    }
    setConfirm(null);
  };

  return (
    <>
      <PageHeader title={t("members.title")} subtitle={t("members.subtitle")} />
      <div role="status" aria-live="polite" className={status ? "notice notice-success" : undefined}>
        {status}
      </div>
      <ErrorMessage error={actionError} />

      <Card title={t("invite.title")}>
        <InviteForm organizationId={organizationId} workspaces={workspaces.data ?? []} workspacesLoading={workspaces.isPending} />
      </Card>

      <Card title={t("members.listTitle")}>
        {members.isPending ? (
          <Loading />
        ) : members.isError ? (
          <ErrorMessage error={members.error} onRetry={() => void members.refetch()} />
        ) : members.items.length === 0 ? (
          <EmptyState title={t("members.empty")} />
        ) : (
          <>
            <ul className="people-list">
              {members.items.map((m) => {
                const manageable = canManageMember(myRole, m.role);
                const roles = assignableOrgRoles(myRole);
                const isMe = m.user_id === me?.user.id;
                return (
                  <li key={m.id} className="people-row">
                    <div className="people-who">
                      <strong>
                        {m.full_name}
                        {isMe && <span className="muted"> {t("members.you")}</span>}
                      </strong>
                      <span className="muted">{m.email}</span>
                    </div>
                    <div className="people-actions">
                      {manageable ? (
                        <RoleSelect
                          label={t("members.roleOf", { name: m.full_name })}
                          value={m.role}
                          options={roles.map((r) => ({ value: r, label: tc(`roles.${r}`) }))}
                          disabled={updateMember.isPending}
                          onChange={(role) => void changeRole(m, role as OrgRole)}
                        />
                      ) : (
                        <Badge>{tc(`roles.${m.role}`)}</Badge>
                      )}
                      {manageable && (
                        <Button variant="danger" className="btn-small" onClick={() => setConfirm({ kind: "remove", member: m })}>
                          {t("members.remove")}
                          <span className="visually-hidden"> {m.full_name}</span>
                        </Button>
                      )}
                    </div>
                  </li>
                );
              })}
            </ul>
            {members.hasNextPage && (
              <InfiniteScroll hasMore loading={members.isFetchingNextPage} onLoadMore={() => void members.fetchNextPage()} />
            )}
          </>
        )}
      </Card>

      <Card title={t("invitations.title")}>
        {invitations.isPending ? (
          <Loading />
        ) : invitations.isError ? (
          <ErrorMessage error={invitations.error} onRetry={() => void invitations.refetch()} />
        ) : invitations.items.length === 0 ? (
          <EmptyState title={t("invitations.empty")}>
            <p>{t("invitations.emptyBody")}</p>
          </EmptyState>
        ) : (
          <>
            <ul className="people-list">
              {invitations.items.map((inv) => {
                const state = invitationStatus(inv);
                return (
                  <li key={inv.id} className="people-row">
                    <div className="people-who">
                      <strong>{inv.email}</strong>
                      <span className="muted">
                        {inv.workspace_id
                          ? t("invitations.toWorkspace", {
                              workspace: workspaceName(inv.workspace_id),
                              role: tc(`roles.${inv.workspace_role ?? "member"}`),
                            })
                          : t("invitations.toOrganization", { role: tc(`roles.${inv.org_role ?? "member"}`) })}
                      </span>
                      <span className="muted small">
                        {t("invitations.sentOn", { date: formatDateTime(inv.created_at) })}
                        {state === "pending" && ` · ${t("invitations.expiresOn", { date: formatDateTime(inv.expires_at) })}`}
                      </span>
                    </div>
                    <div className="people-actions">
                      <Badge tone={STATUS_TONE[state]}>{t(`invitations.status.${state}`)}</Badge>
                      {state === "pending" && (
                        <Button variant="danger" className="btn-small" onClick={() => setConfirm({ kind: "revoke", invitation: inv })}>
                          {t("invitations.revoke")}
                          <span className="visually-hidden"> {inv.email}</span>
                        </Button>
                      )}
                    </div>
                  </li>
                );
              })}
            </ul>
            {invitations.hasNextPage && (
              <InfiniteScroll hasMore loading={invitations.isFetchingNextPage} onLoadMore={() => void invitations.fetchNextPage()} />
            )}
          </>
        )}
      </Card>

      <Dialog
        open={confirm !== null}
        title={confirm?.kind === "revoke" ? t("invitations.confirmTitle") : t("members.confirmTitle")}
        onClose={() => setConfirm(null)}
      >
        {confirm && (
          <ConfirmActions
            body={
              confirm.kind === "revoke"
                ? t("invitations.confirmBody", { email: confirm.invitation.email })
                : t("members.confirmBody", { name: confirm.member.full_name, email: confirm.member.email })
            }
            confirmLabel={confirm.kind === "revoke" ? t("invitations.revoke") : t("members.remove")}
            busy={removeMember.isPending || revoke.isPending}
            onConfirm={() => void runConfirm()}
            onCancel={() => setConfirm(null)}
          />
        )}
      </Dialog>
    </>
  );
}

function RoleSelect({
  label,
  value,
  options,
  disabled,
  onChange,
}: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  disabled?: boolean;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <span className="inline-select">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </span>
  );
}

type Audience = "agency" | "client";

/**
 * Invite by email: agency staff get an organization role (and optionally a first workspace);
 * clients get a role in one client workspace (viewer or approver) and see only that workspace.
 */
function InviteForm({ organizationId, workspaces, workspacesLoading }: { organizationId: string; workspaces: Workspace[]; workspacesLoading: boolean }) {
  const { t } = useTranslation("organizations");
  const { t: tc } = useTranslation();
  const [params] = useSearchParams();
  const preselected = params.get("workspace") ?? "";
  const create = useCreateInvitation(organizationId);
  const [email, setEmail] = useState("");
  const [audience, setAudience] = useState<Audience>(preselected ? "client" : "agency");
  const [orgRole, setOrgRole] = useState<"member" | "admin">("member");
  const [workspaceId, setWorkspaceId] = useState(preselected);
  const [clientRole, setClientRole] = useState<"client_viewer" | "client_approver">("client_viewer");
  const [key, setKey] = useState(idempotencyKey);
  const [sent, setSent] = useState("");
  const [localError, setLocalError] = useState("");
  const audienceName = useId();

  const workspaceOptions = workspaces.map((w) => ({ value: w.id, label: w.name }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSent("");
    setLocalError("");
    if (audience === "client" && !workspaceId) {
      setLocalError(t("invite.chooseWorkspaceError"));
      return;
    }
    const body: InvitationCreate =
      audience === "agency"
        ? { email, org_role: orgRole, ...(workspaceId ? { workspace_id: workspaceId, workspace_role: "member" as const } : {}) }
        : { email, workspace_id: workspaceId, workspace_role: clientRole };
    const invitation = await create.mutateAsync({ body, key }).catch(() => null);
    if (!invitation) return;
    setSent(t("invite.sent", { email: invitation.email }));
    setEmail("");
    setKey(idempotencyKey());
  };
  const fieldError = (f: string) => (create.error instanceof ApiError ? create.error.fieldError(f) : undefined);

  return (
    <form className="stack" onSubmit={submit} noValidate>
      {sent && <Notice tone="success">{sent}</Notice>}
      <ErrorMessage error={create.error} />
      <TextField
        label={t("invite.email")}
        type="email"
        autoComplete="off"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={fieldError("email")}
      />
      <fieldset className="field">
        <legend>{t("invite.audience")}</legend>
        <label className="checkbox">
          <input type="radio" name={audienceName} checked={audience === "agency"} onChange={() => { setAudience("agency"); setWorkspaceId(""); }} />
          <span>
            {t("invite.agency")}
            <small className="field-hint"> {t("invite.agencyHint")}</small>
          </span>
        </label>
        <label className="checkbox">
          <input type="radio" name={audienceName} checked={audience === "client"} onChange={() => setAudience("client")} />
          <span>
            {t("invite.client")}
            <small className="field-hint"> {t("invite.clientHint")}</small>
          </span>
        </label>
      </fieldset>
      {audience === "agency" ? (
        <div className="grid">
          <SelectField
            label={t("invite.orgRole")}
            value={orgRole}
            onChange={(e) => setOrgRole(e.target.value as "member" | "admin")}
            options={(["member", "admin"] as const).map((r) => ({ value: r, label: tc(`roles.${r}`) }))}
            hint={t(`invite.orgRoleHint.${orgRole}`)}
          />
          {orgRole === "member" && (
            <SelectField
              label={t("invite.firstWorkspace")}
              value={workspaceId}
              disabled={workspacesLoading}
              onChange={(e) => setWorkspaceId(e.target.value)}
              options={[{ value: "", label: t("invite.noWorkspace") }, ...workspaceOptions]}
              hint={t("invite.firstWorkspaceHint")}
            />
          )}
        </div>
      ) : workspaces.length === 0 && !workspacesLoading ? (
        <Notice tone="warning">{t("invite.noClientWorkspace")}</Notice>
      ) : (
        <div className="grid">
          <SelectField
            label={t("invite.workspace")}
            value={workspaceId}
            required
            disabled={workspacesLoading}
            onChange={(e) => setWorkspaceId(e.target.value)}
            options={[{ value: "", label: t("invite.chooseWorkspace") }, ...workspaceOptions]}
            error={localError || fieldError("workspace_id")}
          />
          <SelectField
            label={t("invite.workspaceRole")}
            value={clientRole}
            onChange={(e) => setClientRole(e.target.value as "client_viewer" | "client_approver")}
            options={(["client_viewer", "client_approver"] as const).map((r) => ({ value: r, label: tc(`roles.${r}`) }))}
            hint={t(`invite.workspaceRoleHint.${clientRole}`)}
          />
        </div>
      )}
      <div>
        <Button type="submit" variant="primary" busy={create.isPending}>
          {t("invite.submit")}
        </Button>
      </div>
    </form>
  );
}
