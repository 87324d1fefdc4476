export { InboxPage } from "./components/Stub";
export const mentionsI18n = { en: {}, fr: {} };
