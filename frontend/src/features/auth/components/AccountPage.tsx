import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ErrorMessage, Notice } from "@/components/ui/Feedback";
import { SelectField, TextField } from "@/components/ui/Field";
import { Card, PageHeader } from "@/components/ui/Page";
import { useAuth } from "@/lib/auth/AuthProvider";
import { LOCALES, changeLocale, type AppLocale } from "@/lib/i18n";

import { useRequestEmailVerification, useUpdateProfile } from "../api";

export function AccountPage() {
  const { t } = useTranslation("auth");
  const { t: tc } = useTranslation();
  const { me, refreshMe } = useAuth();
  const update = useUpdateProfile();
  const verify = useRequestEmailVerification();
  const [fullName, setFullName] = useState(me?.user.full_name ?? "");
  const [locale, setLocale] = useState<AppLocale>((me?.user.locale as AppLocale) ?? "en");
  if (!me) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await update.mutateAsync({ full_name: fullName, locale }).catch(() => null);
    await changeLocale(locale);
    await refreshMe();
  };

  return (
    <>
      <PageHeader title={t("account.title")} subtitle={me.user.email} />
      <Card title={t("account.profile")}>
        <form onSubmit={submit} className="stack" noValidate>
          <ErrorMessage error={update.error} />
          {update.isSuccess && <Notice tone="success">{tc("saved")}</Notice>}
          <TextField label={t("fullName")} value={fullName} required onChange={(e) => setFullName(e.target.value)} />
          <SelectField label={t("account.language")} value={locale} onChange={(e) => setLocale(e.target.value as AppLocale)}
            options={LOCALES.map((l) => ({ value: l, label: tc(`locale.${l}`) }))} />
          <Button type="submit" variant="primary" busy={update.isPending}>
            {tc("save")}
          </Button>
        </form>
      </Card>
      <Card title={t("email")}>
        {me.user.email_verified_at ? (
          <p>{t("account.emailVerified")}</p>
        ) : (
          <div className="stack">
            <p>{t("account.emailNotVerified")}</p>
            <ErrorMessage error={verify.error} />
            {verify.isSuccess ? (
              <Notice tone="success">{t("account.verificationSent")}</Notice>
            ) : (
              <Button onClick={() => verify.mutate()} busy={verify.isPending}>
                {t("account.sendVerification")}
              </Button>
            )}
          </div>
        )}
      </Card>
    </>
  );
}
