export { ApiKeysPage } from "./components/ApiKeysPage";
export { MembersPage } from "./components/MembersPage";
export { OrganizationPage } from "./components/OrganizationPage";
export { organizations as organizationsI18n } from "./i18n";
