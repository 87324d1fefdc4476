import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, Outlet, useLocation, useParams, useRouteError } from "react-router";

import { AuthLayout } from "@/components/layouts/AuthLayout";
import { EmptyState, Loading } from "@/components/ui/Feedback";
import { useAuth } from "@/lib/auth/AuthProvider";
import { canInOrganization, canInWorkspace, homePath, type Permission } from "@/lib/permissions";

/** Signed-in pages: without a session, off to the login page, then back here. */
export function RequireAuth() {
  const { signedIn } = useAuth();
  const location = useLocation();
  if (!signedIn) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Outlet />;
}

/** Signed-out pages (login, signup): a signed-in user goes home. */
export function PublicOnly() {
  const { signedIn, me } = useAuth();
  if (signedIn && me) return <Navigate to={homePath(me)} replace />;
  if (signedIn) return <Loading />;
  return (
    <AuthLayout>
      <Outlet />
    </AuthLayout>
  );
}

/** Pages reachable signed in or not (a link from an email). */
export function Open() {
  return (
    <AuthLayout>
      <Outlet />
    </AuthLayout>
  );
}

export function HomeRedirect() {
  const { me } = useAuth();
  if (!me) return <Loading />;
  return <Navigate to={homePath(me)} replace />;
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <EmptyState title={t("error.notFound")}>
      <Link to="/">{t("nav.dashboard")}</Link>
    </EmptyState>
  );
}

/** The page exists only for roles holding `permission` in the route's workspace/organization. */
export function Allowed({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { me } = useAuth();
  const { workspaceId, organizationId } = useParams();
  if (!me) return <Loading />;
  const allowed = workspaceId
    ? canInWorkspace(me, workspaceId, permission)
    : !!organizationId && canInOrganization(me, organizationId, permission);
  // Same answer as the API gives for another tenant's object: it does not exist for you.
  return allowed ? <>{children}</> : <NotFound />;
}

export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  console.error(error);
  return (
    <EmptyState title={t("error.title")}>
      <Link to="/">{t("nav.dashboard")}</Link>
    </EmptyState>
  );
}
