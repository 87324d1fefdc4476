export { AlertDetailPage } from "./components/AlertDetailPage";
export { AlertRuleForm, type AlertRuleFormProps } from "./components/AlertRuleForm";
export { AlertsPage } from "./components/AlertsPage";
export { alerts as alertsI18n } from "./i18n";
