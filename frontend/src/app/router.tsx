import { createBrowserRouter, Navigate } from "react-router";

import { AppLayout } from "@/components/layouts/AppLayout";
import { AlertDetailPage, AlertsPage } from "@/features/alerts";
import {
  AcceptInvitationPage,
  AccountPage,
  ForgotPasswordPage,
  LoginPage,
  ResetPasswordPage,
  SignupPage,
  VerifyEmailPage,
} from "@/features/auth";
import { DashboardPage } from "@/features/dashboard";
import { InboxPage } from "@/features/mentions";
import { ApiKeysPage, MembersPage, OrganizationPage } from "@/features/organizations";
import { WatchEditorPage, WatchListPage } from "@/features/watches";
import { WorkspaceSettingsPage } from "@/features/workspaces";

import { Allowed, HomeRedirect, NotFound, Open, PublicOnly, RequireAuth, RouteError } from "./routes/guards";
import { OnboardingRoute } from "./routes/onboarding";

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      {
        element: <PublicOnly />,
        children: [
          { path: "/login", element: <LoginPage /> },
          { path: "/signup", element: <SignupPage /> },
          { path: "/forgot-password", element: <ForgotPasswordPage /> },
          { path: "/reset-password", element: <ResetPasswordPage /> },
        ],
      },
      {
        element: <Open />,
        children: [
          { path: "/verify-email", element: <VerifyEmailPage /> },
          { path: "/invitations/accept", element: <AcceptInvitationPage /> },
        ],
      },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { path: "/", element: <HomeRedirect /> },
              { path: "/account", element: <AccountPage /> },
              {
                path: "/organizations/:organizationId",
                children: [
                  { index: true, element: <Allowed permission="organization:read"><OrganizationPage /></Allowed> },
                  { path: "members", element: <Allowed permission="people:manage"><MembersPage /></Allowed> },
                  { path: "api-keys", element: <Allowed permission="api_keys:manage"><ApiKeysPage /></Allowed> },
                  { path: "workspaces/new", element: <Allowed permission="workspaces:create"><OnboardingRoute /></Allowed> },
                ],
              },
              {
                path: "/workspaces/:workspaceId",
                children: [
                  { index: true, element: <Allowed permission="workspaces:read"><DashboardPage /></Allowed> },
                  { path: "settings", element: <Allowed permission="members:read"><WorkspaceSettingsPage /></Allowed> },
                  { path: "mentions", element: <Allowed permission="mentions:read"><InboxPage /></Allowed> },
                  { path: "watches", element: <Allowed permission="watches:read"><WatchListPage /></Allowed> },
                  { path: "watches/new", element: <Allowed permission="watches:write"><WatchEditorPage /></Allowed> },
                  { path: "watches/:watchId", element: <Allowed permission="watches:read"><WatchEditorPage /></Allowed> },
                  { path: "alerts", element: <Allowed permission="alerts:read"><AlertsPage /></Allowed> },
                  { path: "alerts/:alertId", element: <Allowed permission="alerts:read"><AlertDetailPage /></Allowed> },
                ],
              },
              { path: "/home", element: <Navigate to="/" replace /> },
              { path: "*", element: <NotFound /> },
            ],
          },
        ],
      },
    ],
  },
]);
