export { WatchEditorPage, WatchForm, WatchListPage, type WatchFormProps } from "./components/Stub";
export const watchesI18n = { en: {}, fr: {} };
