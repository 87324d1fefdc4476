export { WorkspaceProfileForm, WorkspaceSettingsPage, type WorkspaceProfileFormProps } from "./components/Stub";
export const workspacesI18n = { en: {}, fr: {} };
