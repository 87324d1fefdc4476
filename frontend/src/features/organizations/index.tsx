export { OrganizationPage, MembersPage, ApiKeysPage } from "./components/Stub";
export const organizationsI18n = { en: {}, fr: {} };
