export { WatchEditorPage } from "./components/WatchEditorPage";
export { WatchForm, type WatchFormProps } from "./components/WatchForm";
export { WatchListPage } from "./components/WatchListPage";
export { watches as watchesI18n } from "./i18n";
