export { WorkspaceProfileForm, type WorkspaceProfileFormProps } from "./components/WorkspaceProfileForm";
export { WorkspaceSettingsPage } from "./components/WorkspaceSettingsPage";
export { watchQueryFromProfile } from "./profile";
export { workspaces as workspacesI18n } from "./i18n";
