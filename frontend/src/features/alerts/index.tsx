export { AlertDetailPage, AlertRuleForm, AlertsPage, type AlertRuleFormProps } from "./components/Stub";
export const alertsI18n = { en: {}, fr: {} };
