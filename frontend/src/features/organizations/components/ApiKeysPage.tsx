import { useId, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { ConfirmActions, Dialog } from "@/components/ui/Dialog";
import { EmptyState, ErrorMessage, Loading, Notice } from "@/components/ui/Feedback";
import { CheckboxGroup, TextField } from "@/components/ui/Field";
import { InfiniteScroll } from "@/components/ui/InfiniteScroll";
import { Badge, PageHeader } from "@/components/ui/Page";
import { idempotencyKey } from "@/lib/api/client";
import { useAuth } from "@/lib/auth/AuthProvider";
import { formatDateTime } from "@/lib/i18n";
import type { Permission } from "@/lib/permissions";
import { ApiError } from "@/lib/problem";

import { useApiKeys, useCreateApiKey, useRevokeApiKey, type ApiKey, type ApiKeyCreated } from "../api";
import { expiryFromDate, groupScopes, heldScopes, scopeKey, tomorrow } from "../logic";

type Mode = { kind: "create" } | { kind: "created"; key: ApiKeyCreated } | { kind: "revoke"; key: ApiKey } | null;

/** The organization's API keys: list, create (the secret shown once), revoke. */
export function ApiKeysPage() {
  const { organizationId = "" } = useParams();
  const { t } = useTranslation("organizations");
  const { me } = useAuth();
  const keys = useApiKeys(organizationId);
  const revoke = useRevokeApiKey(organizationId);
  const [mode, setMode] = useState<Mode>(null);
  const [status, setStatus] = useState("");
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const workspaceNames = useMemo(
    () => new Map((me?.workspaces ?? []).filter((w) => w.organization_id === organizationId).map((w) => [w.id, w.name])),
    [me, organizationId],
  );

  const doRevoke = async (key: ApiKey) => {
    setRevokeError(null);
    try {
      await revoke.mutateAsync(key.id);
      setStatus(t("apiKeys.revokedStatus", { name: key.name }));
      setMode(null);
    } catch (error) {
      setRevokeError(error);
    }
  };

  const keyState = (k: ApiKey): "revoked" | "expired" | "active" =>
    k.revoked_at ? "revoked" : k.expires_at && new Date(k.expires_at) <= new Date() ? "expired" : "active";

  const dialogTitle =
    mode?.kind === "create" ? t("apiKeys.createTitle") : mode?.kind === "created" ? t("apiKeys.createdTitle") : t("apiKeys.revokeTitle");

  return (
    <>
      <PageHeader
        title={t("apiKeys.title")}
        subtitle={t("apiKeys.subtitle")}
        actions={
          <Button variant="primary" onClick={() => setMode({ kind: "create" })}>
            {t("apiKeys.create")}
          </Button>
        }
      />
      <div role="status" aria-live="polite" className={status ? "notice notice-success" : undefined}>
        {status}
      </div>
      {keys.isPending ? (
        <Loading />
      ) : keys.isError ? (
        <ErrorMessage error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.items.length === 0 ? (
        <EmptyState
          title={t("apiKeys.emptyTitle")}
          action={
            <Button variant="primary" onClick={() => setMode({ kind: "create" })}>
              {t("apiKeys.create")}
            </Button>
          }
        >
          <p>{t("apiKeys.emptyBody")}</p>
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("apiKeys.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("apiKeys.name")}</th>
                  <th scope="col">{t("apiKeys.prefix")}</th>
                  <th scope="col">{t("apiKeys.scopes")}</th>
                  <th scope="col">{t("apiKeys.workspaces")}</th>
                  <th scope="col">{t("apiKeys.lastUsed")}</th>
                  <th scope="col">{t("apiKeys.expires")}</th>
                  <th scope="col">{t("apiKeys.status")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("apiKeys.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.items.map((k) => {
                  const state = keyState(k);
                  return (
                    <tr key={k.id}>
                      <td>
                        <strong>{k.name}</strong>
                        <div className="muted small">{t("apiKeys.createdOn", { date: formatDateTime(k.created_at) })}</div>
                      </td>
                      <td className="mono">{k.prefix}…</td>
                      <td>
                        <details>
                          <summary>{t("apiKeys.scopeCount", { count: k.scopes.length })}</summary>
                          <ul className="plain-list small">
                            {k.scopes.map((s) => (
                              <li key={s}>
                                {t(scopeKey(s), { defaultValue: s })} <code className="muted">{s}</code>
                              </li>
                            ))}
                          </ul>
                        </details>
                      </td>
                      <td>
                        {k.workspace_ids
                          ? k.workspace_ids.map((id) => workspaceNames.get(id) ?? t("members.unknownWorkspace")).join(", ")
                          : t("apiKeys.allWorkspaces")}
                      </td>
                      <td>{k.last_used_at ? formatDateTime(k.last_used_at) : t("apiKeys.never")}</td>
                      <td>{k.expires_at ? formatDateTime(k.expires_at) : t("apiKeys.noExpiry")}</td>
                      <td>
                        <Badge tone={state === "active" ? "positive" : state === "expired" ? "warning" : "neutral"}>
                          {t(`apiKeys.state.${state}`)}
                        </Badge>
                        {k.revoked_at && <div className="muted small">{formatDateTime(k.revoked_at)}</div>}
                      </td>
                      <td>
                        {state !== "revoked" && (
                          <Button variant="danger" className="btn-small" onClick={() => { setRevokeError(null); setMode({ kind: "revoke", key: k }); }}>
                            {t("apiKeys.revoke")}
                            <span className="visually-hidden"> {k.name}</span>
                          </Button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {keys.hasNextPage && <InfiniteScroll hasMore loading={keys.isFetchingNextPage} onLoadMore={() => void keys.fetchNextPage()} />}
        </>
      )}

      <Dialog open={mode !== null} title={dialogTitle} onClose={() => setMode(null)}>
        {mode?.kind === "create" && (
          <CreateKeyForm organizationId={organizationId} onCancel={() => setMode(null)} onCreated={(key) => setMode({ kind: "created", key })} />
        )}
        {mode?.kind === "created" && <CreatedKey created={mode.key} onDone={() => setMode(null)} />}
        {mode?.kind === "revoke" && (
          <ConfirmActions
            body={t("apiKeys.revokeBody", { name: mode.key.name })}
            error={revokeError}
            confirmLabel={t("apiKeys.revoke")}
            busy={revoke.isPending}
            onConfirm={() => void doRevoke(mode.key)}
            onCancel={() => setMode(null)}
          />
        )}
      </Dialog>
    </>
  );
}

function CreateKeyForm({
  organizationId,
  onCancel,
  onCreated,
}: {
  organizationId: string;
  onCancel: () => void;
  onCreated: (key: ApiKeyCreated) => void;
}) {
  const { t } = useTranslation("organizations");
  const { t: tc } = useTranslation();
  const { me } = useAuth();
  const create = useCreateApiKey(organizationId);
  const held = useMemo(() => heldScopes(me, organizationId), [me, organizationId]);
  const groups = useMemo(() => groupScopes(held), [held]);
  const workspaces = (me?.workspaces ?? []).filter((w) => w.organization_id === organizationId);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>([]);
  const [restrict, setRestrict] = useState(false);
  const [workspaceIds, setWorkspaceIds] = useState<string[]>([]);
  const [expiry, setExpiry] = useState("");
  const [key] = useState(idempotencyKey);
  const [errors, setErrors] = useState<{ name?: string; scopes?: string; workspaces?: string }>({});
  const radioName = useId();

  const setGroup = (group: string[], picked: string[]) => setScopes((current) => [...current.filter((s) => !group.includes(s)), ...picked]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = {
      name: name.trim() ? undefined : t("apiKeys.nameRequired"),
      scopes: scopes.length ? undefined : t("apiKeys.scopesRequired"),
      workspaces: restrict && !workspaceIds.length ? t("apiKeys.workspacesRequired") : undefined,
    };
    setErrors(found);
    if (found.name || found.scopes || found.workspaces) return;
    const created = await create
      .mutateAsync({
        key,
        body: {
          name: name.trim(),
          scopes: held.filter((s) => scopes.includes(s)) as Permission[],
          workspace_ids: restrict ? workspaceIds : null,
          expires_at: expiryFromDate(expiry),
        },
      })
      .catch(() => null);
    if (created) onCreated(created);
  };
  const apiFieldError = (f: string) => (create.error instanceof ApiError ? create.error.fieldError(f) : undefined);

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <ErrorMessage error={create.error} />
      <TextField
        label={t("apiKeys.name")}
        hint={t("apiKeys.nameHint")}
        required
        maxLength={200}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name ?? apiFieldError("name")}
      />
      <fieldset className="field scope-picker">
        <legend>{t("apiKeys.scopes")}</legend>
        <p className="field-hint">{t("apiKeys.scopesHint")}</p>
        <div className="row">
          <Button className="btn-small" onClick={() => setScopes(held.filter((s) => s.endsWith(":read")))}>
            {t("apiKeys.readOnly")}
          </Button>
          <Button className="btn-small" onClick={() => setScopes([...held])}>
            {t("apiKeys.selectAll")}
          </Button>
          <Button className="btn-small" onClick={() => setScopes([])}>
            {t("apiKeys.clear")}
          </Button>
        </div>
        {groups.map((g) => (
          <CheckboxGroup
            key={g.group}
            legend={t(`scopeGroups.${g.group}`)}
            options={g.scopes.map((s) => ({ value: s, label: t(scopeKey(s), { defaultValue: s }), hint: <code>{s}</code> }))}
            value={scopes.filter((s) => g.scopes.includes(s))}
            onChange={(picked) => setGroup(g.scopes, picked)}
          />
        ))}
        {(errors.scopes ?? apiFieldError("scopes")) && <p className="field-error">{errors.scopes ?? apiFieldError("scopes")}</p>}
      </fieldset>
      <fieldset className="field">
        <legend>{t("apiKeys.workspaces")}</legend>
        <label className="checkbox">
          <input type="radio" name={radioName} checked={!restrict} onChange={() => setRestrict(false)} />
          <span>{t("apiKeys.allWorkspacesOption")}</span>
        </label>
        <label className="checkbox">
          <input type="radio" name={radioName} checked={restrict} onChange={() => setRestrict(true)} disabled={!workspaces.length} />
          <span>{t("apiKeys.someWorkspacesOption")}</span>
        </label>
        {restrict && (
          <CheckboxGroup
            legend={t("apiKeys.chooseWorkspaces")}
            options={workspaces.map((w) => ({ value: w.id, label: w.name }))}
            value={workspaceIds}
            onChange={setWorkspaceIds}
            error={errors.workspaces}
          />
        )}
      </fieldset>
      <TextField
        label={`${t("apiKeys.expiry")} (${tc("optional")})`}
        hint={t("apiKeys.expiryHint")}
        type="date"
        min={tomorrow()}
        value={expiry}
        onChange={(e) => setExpiry(e.target.value)}
        error={apiFieldError("expires_at")}
      />
      <div className="row">
        <Button type="submit" variant="primary" busy={create.isPending}>
          {t("apiKeys.createSubmit")}
        </Button>
        <Button onClick={onCancel}>{tc("cancel")}</Button>
      </div>
    </form>
  );
}

function CreatedKey({ created, onDone }: { created: ApiKeyCreated; onDone: () => void }) {
  const { t } = useTranslation("organizations");
  const [copied, setCopied] = useState<"" | "ok" | "failed">("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied("ok");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <div className="stack">
      <Notice tone="warning">
        <p>
          <strong>{t("apiKeys.onceWarning")}</strong> {t("apiKeys.onceWarningBody")}
        </p>
      </Notice>
      <TextField
        label={t("apiKeys.theKey", { name: created.name })}
        className="secret"
        readOnly
        value={created.key}
        onFocus={(e) => e.currentTarget.select()}
      />
      <div className="row">
        <Button variant="primary" onClick={() => void copy()}>
          {t("apiKeys.copy")}
        </Button>
        <span role="status" aria-live="polite">
          {copied === "ok" ? t("apiKeys.copied") : copied === "failed" ? t("apiKeys.copyFailed") : ""}
        </span>
      </div>
      <div>
        <Button onClick={onDone}>{t("apiKeys.done")}</Button>
      </div>
    </div>
  );
}
