/** Every namespace of every feature, in both languages. */
import type { Resource } from "i18next";

import { common } from "@/components/i18n";
import { alertsI18n } from "@/features/alerts";
import { authI18n } from "@/features/auth";
import { dashboardI18n } from "@/features/dashboard";
import { mentionsI18n } from "@/features/mentions";
import { organizationsI18n } from "@/features/organizations";
import { watchesI18n } from "@/features/watches";
import { workspacesI18n } from "@/features/workspaces";

import { onboardingI18n } from "./routes/onboarding-i18n";

const namespaces = {
  common,
  auth: authI18n,
  organizations: organizationsI18n,
  workspaces: workspacesI18n,
  watches: watchesI18n,
  alerts: alertsI18n,
  mentions: mentionsI18n,
  dashboard: dashboardI18n,
  onboarding: onboardingI18n,
};

export const resources: Resource = {
  en: Object.fromEntries(Object.entries(namespaces).map(([ns, v]) => [ns, v.en])),
  fr: Object.fromEntries(Object.entries(namespaces).map(([ns, v]) => [ns, v.fr])),
};
