export { AcceptInvitationPage } from "./components/AcceptInvitationPage";
export { AccountPage } from "./components/AccountPage";
export { LoginPage } from "./components/LoginPage";
export { ForgotPasswordPage, ResetPasswordPage } from "./components/PasswordPages";
export { SignupPage } from "./components/SignupPage";
export { VerifyEmailPage } from "./components/VerifyEmailPage";
export { auth as authI18n } from "./i18n";
