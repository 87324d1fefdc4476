import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { EmptyState, ErrorMessage, Loading } from "@/components/ui/Feedback";
import { SelectField, TextField } from "@/components/ui/Field";
import { InfiniteScroll } from "@/components/ui/InfiniteScroll";
import { Badge, Card, PageHeader } from "@/components/ui/Page";
import { idempotencyKey } from "@/lib/api/client";
import { useAuth } from "@/lib/auth/AuthProvider";
import { canInOrganization, canInWorkspace } from "@/lib/permissions";

import {
  useAddWorkspaceMember,
  useDeleteWorkspace,
  useOrganizationMembers,
  useRemoveWorkspaceMember,
  useUpdateWorkspaceMember,
  useWorkspace,
  useWorkspaceMembers,
  type Member,
  type Workspace,
  type WorkspaceRole,
} from "../api";
import { WorkspaceProfileForm } from "./WorkspaceProfileForm";

type Confirm = { kind: "remove"; member: Member } | null;

/** A workspace's profile, its members, and its deletion. */
export function WorkspaceSettingsPage() {
  const { workspaceId = "" } = useParams();
  const { t } = useTranslation("workspaces");
  const { me } = useAuth();
  const workspace = useWorkspace(workspaceId);

  if (workspace.isPending) return <Loading />;
  if (workspace.isError) return <ErrorMessage error={workspace.error} onRetry={() => void workspace.refetch()} />;
  const ws = workspace.data;
  const canWrite = canInWorkspace(me, ws.id, "workspaces:write");
  const canManagePeople = canInOrganization(me, ws.organization_id, "people:manage");

  return (
    <>
      <PageHeader title={t("settings.title", { name: ws.name })} subtitle={t("settings.subtitle")} />
      <Card title={t("settings.profile")}>
        {canWrite ? (
          <WorkspaceProfileForm organizationId={ws.organization_id} workspace={ws} onSaved={() => undefined} />
        ) : (
          <ProfileSummary workspace={ws} />
        )}
      </Card>
      <MembersCard workspace={ws} canManage={canManagePeople} />
      {canWrite && canManagePeople && <DangerZone workspace={ws} />}
    </>
  );
}

function ProfileSummary({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation("workspaces");
  const { t: tc } = useTranslation();
  const list = (items: string[]) => (items.length ? items.join(", ") : t("profile.none"));
  return (
    <dl className="summary-list">
      <dt>{t("profile.name")}</dt>
      <dd>{workspace.name}</dd>
      <dt>{t("profile.brand")}</dt>
      <dd>{workspace.brand_name || t("profile.none")}</dd>
      <dt>{t("profile.keywords")}</dt>
      <dd>{list(workspace.keywords)}</dd>
      <dt>{t("profile.competitors")}</dt>
      <dd>{list(workspace.competitors)}</dd>
      <dt>{t("profile.timezone")}</dt>
      <dd>{workspace.timezone}</dd>
      <dt>{t("profile.locale")}</dt>
      <dd>{tc(`locale.${workspace.locale}`, { defaultValue: workspace.locale })}</dd>
    </dl>
  );
}

function MembersCard({ workspace, canManage }: { workspace: Workspace; canManage: boolean }) {
  const { t } = useTranslation("workspaces");
  const { t: tc } = useTranslation();
  const { me } = useAuth();
  const members = useWorkspaceMembers(workspace.id);
  const update = useUpdateWorkspaceMember(workspace.id);
  const remove = useRemoveWorkspaceMember(workspace.id);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [status, setStatus] = useState("");
  const [actionError, setActionError] = useState<unknown>(null);
  const selectId = useId();

  const act = async (run: () => Promise<unknown>, done: string) => {
    setActionError(null);
    setStatus("");
    try {
      await run();
      setStatus(done);
    } catch (error) {
      setActionError(error);
    }
  };

  return (
    <Card
      title={t("members.title")}
      actions={
        canManage ? (
          <Link className="btn btn-secondary" to={`/organizations/${workspace.organization_id}/members?workspace=${workspace.id}`}>
            {t("members.invite")}
          </Link>
        ) : undefined
      }
    >
      <div className="stack">
        <p className="muted">{t("members.intro")}</p>
        <div role="status" aria-live="polite" className={status ? "notice notice-success" : undefined}>
          {status}
        </div>
        <ErrorMessage error={actionError} />
        {members.isPending ? (
          <Loading />
        ) : members.isError ? (
          <ErrorMessage error={members.error} onRetry={() => void members.refetch()} />
        ) : members.items.length === 0 ? (
          <EmptyState title={t("members.empty")}>
            <p>{canManage ? t("members.emptyBody") : t("members.emptyBodyReader")}</p>
          </EmptyState>
        ) : (
          <ul className="people-list">
            {members.items.map((m) => {
              const isClient = m.role !== "member";
              return (
                <li key={m.id} className="people-row">
                  <div className="people-who">
                    <strong>
                      {m.full_name}
                      {m.user_id === me?.user.id && <span className="muted"> {t("members.you")}</span>}
                    </strong>
                    <span className="muted">{m.email}</span>
                  </div>
                  <div className="people-actions">
                    {canManage && isClient ? (
                      <span className="inline-select">
                        <label htmlFor={`${selectId}-${m.id}`} className="visually-hidden">
                          {t("members.roleOf", { name: m.full_name })}
                        </label>
                        <select
                          id={`${selectId}-${m.id}`}
                          value={m.role}
                          disabled={update.isPending}
                          onChange={(e) => {
                            const role = e.target.value as WorkspaceRole;
                            void act(
                              () => update.mutateAsync({ membershipId: m.id, role }),
                              t("members.roleChanged", { name: m.full_name, role: tc(`roles.${role}`) }),
                            );
                          }}
                        >
                          {(["client_viewer", "client_approver"] as const).map((r) => (
                            <option key={r} value={r}>
                              {tc(`roles.${r}`)}
                            </option>
                          ))}
                        </select>
                      </span>
                    ) : (
                      <Badge tone={isClient ? "info" : "neutral"}>{tc(`roles.${m.role}`, { defaultValue: m.role })}</Badge>
                    )}
                    {canManage && (
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
        )}
        {members.hasNextPage && (
          <InfiniteScroll hasMore loading={members.isFetchingNextPage} onLoadMore={() => void members.fetchNextPage()} />
        )}
        {canManage && !members.isPending && (
          <AddMemberForm workspace={workspace} present={members.items.map((m) => m.user_id)} onAdded={(name) => setStatus(t("members.added", { name }))} />
        )}
      </div>
      <Dialog open={confirm?.kind === "remove"} title={t("members.confirmTitle")} onClose={() => setConfirm(null)}>
        {confirm?.kind === "remove" && (
          <div className="stack">
            <p>{t("members.confirmBody", { name: confirm.member.full_name, workspace: workspace.name })}</p>
            <div className="row">
              <Button
                variant="danger"
                busy={remove.isPending}
                onClick={() => {
                  const member = confirm.member;
                  setConfirm(null);
                  void act(() => remove.mutateAsync(member.id), t("members.removed", { name: member.full_name }));
                }}
              >
                {t("members.remove")}
              </Button>
              <Button onClick={() => setConfirm(null)}>{tc("cancel")}</Button>
            </div>
          </div>
        )}
      </Dialog>
    </Card>
  );
}

/** Agency members (organization role "member") not yet in this workspace. */
function AddMemberForm({ workspace, present, onAdded }: { workspace: Workspace; present: string[]; onAdded: (name: string) => void }) {
  const { t } = useTranslation("workspaces");
  const orgMembers = useOrganizationMembers(workspace.organization_id, true);
  const add = useAddWorkspaceMember(workspace.id);
  const [userId, setUserId] = useState("");
  const candidates = (orgMembers.data ?? []).filter((m) => m.role === "member" && !present.includes(m.user_id));

  if (orgMembers.isPending) return null;
  if (orgMembers.isError) return <ErrorMessage error={orgMembers.error} />;
  if (!candidates.length) return <p className="muted">{t("members.noCandidate")}</p>;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const candidate = candidates.find((c) => c.user_id === userId);
    if (!candidate) return;
    const added = await add.mutateAsync({ userId, role: "member", key: idempotencyKey() }).catch(() => null);
    if (!added) return;
    setUserId("");
    onAdded(candidate.full_name);
  };

  return (
    <form className="stack add-member" onSubmit={submit}>
      <h3>{t("members.addTitle")}</h3>
      <ErrorMessage error={add.error} />
      <div className="row align-end">
        <SelectField
          label={t("members.addLabel")}
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
          options={[{ value: "", label: t("members.choose") }, ...candidates.map((c) => ({ value: c.user_id, label: `${c.full_name} (${c.email})` }))]}
        />
        <Button type="submit" busy={add.isPending} disabled={!userId}>
          {t("members.add")}
        </Button>
      </div>
    </form>
  );
}

/** Deleting asks to type the workspace's name: everything in it goes (watches, mentions…). */
function DangerZone({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation("workspaces");
  const { t: tc } = useTranslation();
  const { refreshMe } = useAuth();
  const navigate = useNavigate();
  const remove = useDeleteWorkspace(workspace.organization_id, workspace.id);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const formId = useId();
  const matches = typed.trim() === workspace.name.trim();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!matches) return;
    const done = await remove.mutateAsync().then(() => true).catch(() => false);
    if (!done) return;
    await refreshMe();
    navigate(`/organizations/${workspace.organization_id}`, { replace: true });
  };

  return (
    <section className="card danger-zone" aria-labelledby="danger-zone-title">
      <h2 id="danger-zone-title">{t("delete.title")}</h2>
      <p>{t("delete.body")}</p>
      {!open ? (
        <Button variant="danger" aria-expanded={false} aria-controls={formId} onClick={() => { setTyped(""); setOpen(true); }}>
          {t("delete.open")}
        </Button>
      ) : (
        <form id={formId} className="stack" onSubmit={submit} noValidate>
          <p>
            <strong>{t("delete.confirmTitle", { name: workspace.name })}</strong> {t("delete.confirmBody")}
          </p>
          <ErrorMessage error={remove.error} />
          <TextField
            label={t("delete.typeName", { name: workspace.name })}
            value={typed}
            autoComplete="off"
            autoFocus
            onChange={(e) => setTyped(e.target.value)}
          />
          <div className="row">
            <Button type="submit" variant="danger" disabled={!matches} busy={remove.isPending}>
              {t("delete.submit")}
            </Button>
            <Button onClick={() => setOpen(false)}>{tc("cancel")}</Button>
          </div>
        </form>
      )}
    </section>
  );
}
