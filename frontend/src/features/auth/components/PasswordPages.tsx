import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { ErrorMessage, Notice } from "@/components/ui/Feedback";
import { TextField } from "@/components/ui/Field";
import { ApiError } from "@/lib/problem";

import { useConfirmPasswordReset, useRequestPasswordReset } from "../api";

export function ForgotPasswordPage() {
  const { t } = useTranslation("auth");
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate({ email });
  };
  return (
    <form onSubmit={submit} className="stack" noValidate>
      <h1>{t("forgot.title")}</h1>
      {request.isSuccess ? (
        <Notice tone="success">{t("forgot.sent", { email })}</Notice>
      ) : (
        <>
          <p>{t("forgot.intro")}</p>
          <ErrorMessage error={request.error} />
          <TextField label={t("email")} type="email" autoComplete="email" required value={email}
            onChange={(e) => setEmail(e.target.value)} />
          <Button type="submit" variant="primary" busy={request.isPending}>
            {t("forgot.submit")}
          </Button>
        </>
      )}
      <p>
        <Link to="/login">{t("signup.login")}</Link>
      </p>
    </form>
  );
}

export function ResetPasswordPage() {
  const { t } = useTranslation("auth");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const confirm = useConfirmPasswordReset();
  const [password, setPassword] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate({ token, new_password: password });
  };
  if (!token) return <Notice tone="warning">{t("reset.missingToken")}</Notice>;
  return (
    <form onSubmit={submit} className="stack" noValidate>
      <h1>{t("reset.title")}</h1>
      {confirm.isSuccess ? (
        <Notice tone="success">
          {t("reset.done")} <Link to="/login">{t("login.submit")}</Link>
        </Notice>
      ) : (
        <>
          <ErrorMessage error={confirm.error} />
          <TextField label={t("newPassword")} type="password" autoComplete="new-password" required minLength={10}
            hint={t("passwordHint")} value={password} onChange={(e) => setPassword(e.target.value)}
            error={confirm.error instanceof ApiError ? confirm.error.fieldError("new_password") : undefined} />
          <Button type="submit" variant="primary" busy={confirm.isPending}>
            {t("reset.submit")}
          </Button>
        </>
      )}
    </form>
  );
}
