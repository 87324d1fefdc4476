import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { LocaleSwitcher } from "./LocaleSwitcher";

/** Signed-out pages: a centered card, readable on a phone. */
export function AuthLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="auth-layout">
      <header className="auth-brand">
        <span className="logo" aria-hidden="true" />
        <span>{t("appName")}</span>
        <LocaleSwitcher />
      </header>
      <main id="content" className="auth-card">
        {children}
      </main>
    </div>
  );
}
