import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";

import { Button } from "@/components/ui/Button";
import { ErrorMessage } from "@/components/ui/Feedback";
import { TextField } from "@/components/ui/Field";
import { useAuth } from "@/lib/auth/AuthProvider";
import { isLocale } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

import { useSignup } from "../api";

export function SignupPage() {
  const { t, i18n } = useTranslation("auth");
  const signup = useSignup();
  const { startSession } = useAuth();
  const navigate = useNavigate();
  const [form, setForm] = useState({ full_name: "", organization_name: "", email: "", password: "" });
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));
  const fieldError = (field: string) => (signup.error instanceof ApiError ? signup.error.fieldError(field) : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const locale = isLocale(i18n.language) ? i18n.language : "en";
    const created = await signup.mutateAsync({ ...form, locale }).catch(() => null);
    if (!created) return;
    await startSession(created);
    // A new agency has no client yet: straight to creating the first workspace.
    navigate(`/organizations/${created.organization_id}/workspaces/new`, { replace: true });
  };

  return (
    <form onSubmit={submit} className="stack" noValidate>
      <h1>{t("signup.title")}</h1>
      <ErrorMessage error={signup.error} />
      <TextField label={t("fullName")} autoComplete="name" required value={form.full_name}
        onChange={set("full_name")} error={fieldError("full_name")} />
      <TextField label={t("organizationName")} autoComplete="organization" required value={form.organization_name}
        onChange={set("organization_name")} error={fieldError("organization_name")} />
      <TextField label={t("email")} type="email" autoComplete="email" required value={form.email}
        onChange={set("email")} error={fieldError("email")} />
      <TextField label={t("password")} type="password" autoComplete="new-password" required minLength={10}
        hint={t("passwordHint")} value={form.password} onChange={set("password")} error={fieldError("password")} />
      <Button type="submit" variant="primary" busy={signup.isPending}>
        {t("signup.submit")}
      </Button>
      <p>
        {t("signup.haveAccount")} <Link to="/login">{t("signup.login")}</Link>
      </p>
    </form>
  );
}
