import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";

import { Loading, ErrorMessage, Notice } from "@/components/ui/Feedback";
import { useAuth } from "@/lib/auth/AuthProvider";

import { useConfirmEmailVerification } from "../api";

export function VerifyEmailPage() {
  const { t } = useTranslation("auth");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const confirm = useConfirmEmailVerification();
  const { signedIn, refreshMe } = useAuth();
  const sent = useRef(false);

  useEffect(() => {
    // Once: the token is single-use, and React may run effects twice in development.
    if (sent.current || !token) return;
    sent.current = true;
    confirm.mutate(token, { onSuccess: () => void (signedIn && refreshMe()) });
  }, [token, confirm, signedIn, refreshMe]);

  return (
    <div className="stack">
      <h1>{t("verify.title")}</h1>
      {!token && <Notice tone="warning">{t("reset.missingToken")}</Notice>}
      {confirm.isPending && <Loading label={t("verify.working")} />}
      <ErrorMessage error={confirm.error} />
      {confirm.isSuccess && <Notice tone="success">{t("verify.done")}</Notice>}
      <p>
        <Link to={signedIn ? "/" : "/login"}>{t("verify.continue")}</Link>
      </p>
    </div>
  );
}
