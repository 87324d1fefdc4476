import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";

import { Button } from "@/components/ui/Button";
import { ErrorMessage, Notice } from "@/components/ui/Feedback";
import { TextField } from "@/components/ui/Field";
import { useAuth } from "@/lib/auth/AuthProvider";
import { homePath } from "@/lib/permissions";

import { useLogin } from "../api";

export function LoginPage() {
  const { t } = useTranslation("auth");
  const login = useLogin();
  const { startSession, sessionExpired } = useAuth();
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const from = (location.state as { from?: string } | null)?.from;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const pair = await login.mutateAsync({ email, password }).catch(() => null);
    if (!pair) return;
    const me = await startSession(pair);
    navigate(from ?? homePath(me), { replace: true });
  };

  return (
    <form onSubmit={submit} className="stack" noValidate>
      <h1>{t("login.title")}</h1>
      {sessionExpired && !login.error && <Notice tone="warning">{tc("session.expired")}</Notice>}
      <ErrorMessage error={login.error} />
      <TextField label={t("email")} type="email" autoComplete="email" required value={email}
        onChange={(e) => setEmail(e.target.value)} />
      <TextField label={t("password")} type="password" autoComplete="current-password" required value={password}
        onChange={(e) => setPassword(e.target.value)} />
      <Button type="submit" variant="primary" busy={login.isPending}>
        {t("login.submit")}
      </Button>
      <p>
        <Link to="/forgot-password">{t("login.forgot")}</Link>
      </p>
      <p>
        {t("login.noAccount")} <Link to="/signup">{t("login.signup")}</Link>
      </p>
    </form>
  );
}
