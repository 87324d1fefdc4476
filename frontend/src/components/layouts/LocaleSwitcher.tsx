import { useTranslation } from "react-i18next";

import { api } from "@/lib/api/client";
import { useAuth } from "@/lib/auth/AuthProvider";
import { LOCALES, changeLocale, type AppLocale } from "@/lib/i18n";

/** Switches the interface language; signed in, it also becomes the user's locale (mails too). */
export function LocaleSwitcher() {
  const { t, i18n } = useTranslation();
  const { me, refreshMe } = useAuth();
  const onChange = async (locale: AppLocale) => {
    await changeLocale(locale);
    if (me && me.user.locale !== locale) {
      await api.PATCH("/api/v1/me", { body: { locale } });
      await refreshMe();
    }
  };
  return (
    <label className="locale-switcher">
      <span className="visually-hidden">{t("nav.language")}</span>
      <select value={i18n.language} onChange={(e) => void onChange(e.target.value as AppLocale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {t(`locale.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
