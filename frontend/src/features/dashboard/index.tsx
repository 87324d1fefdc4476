export { DashboardPage } from "./components/Stub";
export const dashboardI18n = { en: {}, fr: {} };
