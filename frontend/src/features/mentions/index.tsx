export { InboxPage } from "./components/InboxPage";
export { mentions as mentionsI18n } from "./i18n";
