/**
 * French and English. Each feature brings its own strings (features/<domain>/i18n.ts) under
 * its namespace; the app assembles them (app/i18n.ts). The user's locale wins once known,
 * before that the browser's; the choice is remembered on this device.
 */
import i18n, { type Resource } from "i18next";
import { initReactI18next } from "react-i18next";

export const LOCALES = ["fr", "en"] as const;
export type AppLocale = (typeof LOCALES)[number];
const KEY = "vigie.locale";

export function isLocale(value: unknown): value is AppLocale {
  return LOCALES.includes(value as AppLocale);
}

export function initialLocale(): AppLocale {
  const saved = typeof localStorage !== "undefined" ? localStorage.getItem(KEY) : null;
  if (isLocale(saved)) return saved;
  const browser = typeof navigator !== "undefined" ? navigator.language.slice(0, 2) : "en";
  return isLocale(browser) ? browser : "en";
}

export async function setupI18n(resources: Resource): Promise<typeof i18n> {
  await i18n.use(initReactI18next).init({
    resources,
    lng: initialLocale(),
    fallbackLng: "en",
    defaultNS: "common",
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  document.documentElement.lang = i18n.language;
  return i18n;
}

export async function changeLocale(locale: AppLocale): Promise<void> {
  localStorage.setItem(KEY, locale);
  await i18n.changeLanguage(locale);
  document.documentElement.lang = locale;
}

/** Dates and numbers in the interface language (and the workspace's time zone when given). */
export function formatDateTime(value: string | Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(new Date(value));
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(i18n.language).format(value);
}
