export { DashboardPage } from "./components/DashboardPage";
export { dashboard as dashboardI18n } from "./i18n";
