import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { ErrorMessage, Loading, Notice } from "@/components/ui/Feedback";
import { TextField } from "@/components/ui/Field";
import { useAuth } from "@/lib/auth/AuthProvider";
import { formatDateTime, isLocale } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

import { useAcceptInvitation, useInvitationPreview } from "../api";

export function AcceptInvitationPage() {
  const { t, i18n } = useTranslation("auth");
  const { t: tc } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const preview = useInvitationPreview(token);
  const accept = useAcceptInvitation();
  const { me, startSession } = useAuth();
  const navigate = useNavigate();
  const [fullName, setFullName] = useState("");
  const [password, setPassword] = useState("");

  if (!token) return <Notice tone="warning">{t("invitation.invalid")}</Notice>;
  if (preview.isPending) return <Loading />;
  if (preview.isError) {
    return (
      <div className="stack">
        <Notice tone="warning">{t("invitation.invalid")}</Notice>
        <ErrorMessage error={preview.error} />
      </div>
    );
  }
  const invitation = preview.data;
  const signedInAsInvitee = me?.user.email.toLowerCase() === invitation.email.toLowerCase();
  const role = invitation.workspace_role ?? invitation.org_role ?? "member";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const locale = isLocale(i18n.language) ? i18n.language : "en";
    const body = signedInAsInvitee
      ? { token }
      : invitation.account_exists
        ? { token, password }
        : { token, password, full_name: fullName, locale };
    const accepted = await accept.mutateAsync(body).catch(() => null);
    if (!accepted) return;
    await startSession(accepted);
    navigate(accepted.workspace_id ? `/workspaces/${accepted.workspace_id}` : `/organizations/${accepted.organization_id}`, {
      replace: true,
    });
  };
  const fieldError = (f: string) => (accept.error instanceof ApiError ? accept.error.fieldError(f) : undefined);

  return (
    <form onSubmit={submit} className="stack" noValidate>
      <h1>{t("invitation.title", { organization: invitation.organization_name })}</h1>
      <p>
        {t("invitation.intro", { email: invitation.email, organization: invitation.organization_name })}
        {invitation.workspace_name ? t("invitation.workspace", { workspace: invitation.workspace_name }) : ""}.
      </p>
      <p>{t("invitation.asRole", { role: tc(`roles.${role}`) })}</p>
      <p className="muted">{t("invitation.expires", { date: formatDateTime(invitation.expires_at) })}</p>
      <ErrorMessage error={accept.error} />
      {signedInAsInvitee ? (
        <p>{t("invitation.signedInAs", { email: me?.user.email })}</p>
      ) : invitation.account_exists ? (
        <>
          <p>{t("invitation.existingAccount")}</p>
          <TextField label={t("password")} type="password" autoComplete="current-password" required value={password}
            onChange={(e) => setPassword(e.target.value)} />
        </>
      ) : (
        <>
          <p>{t("invitation.createAccount")}</p>
          <TextField label={t("email")} type="email" value={invitation.email} readOnly />
          <TextField label={t("fullName")} autoComplete="name" required value={fullName}
            onChange={(e) => setFullName(e.target.value)} error={fieldError("full_name")} />
          <TextField label={t("password")} type="password" autoComplete="new-password" required minLength={10}
            hint={t("passwordHint")} value={password} onChange={(e) => setPassword(e.target.value)}
            error={fieldError("password")} />
        </>
      )}
      <Button type="submit" variant="primary" busy={accept.isPending}>
        {t("invitation.accept")}
      </Button>
    </form>
  );
}
