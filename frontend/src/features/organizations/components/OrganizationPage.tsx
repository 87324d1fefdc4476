import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { EmptyState, ErrorMessage, Loading } from "@/components/ui/Feedback";
import { InfiniteScroll } from "@/components/ui/InfiniteScroll";
import { Badge, PageHeader } from "@/components/ui/Page";
import { useAuth } from "@/lib/auth/AuthProvider";
import { formatDateTime } from "@/lib/i18n";
import { canInOrganization } from "@/lib/permissions";

import { useOrganization, useOrgWorkspaces } from "../api";

/** An organization's home: its client workspaces, and the way to add one. */
export function OrganizationPage() {
  const { organizationId = "" } = useParams();
  const { t } = useTranslation("organizations");
  const { t: tc } = useTranslation();
  const { me } = useAuth();
  const organization = useOrganization(organizationId);
  const workspaces = useOrgWorkspaces(organizationId);
  const can = (p: Parameters<typeof canInOrganization>[2]) => canInOrganization(me, organizationId, p);
  const newHref = `/organizations/${organizationId}/workspaces/new`;
  const role = me?.organizations.find((o) => o.id === organizationId)?.role;

  if (organization.isPending) return <Loading />;
  if (organization.isError) return <ErrorMessage error={organization.error} onRetry={() => void organization.refetch()} />;

  return (
    <>
      <PageHeader
        title={organization.data.name}
        subtitle={role ? t("organization.yourRole", { role: tc(`roles.${role}`) }) : undefined}
        actions={
          <>
            {can("people:manage") && (
              <Link className="btn btn-secondary" to={`/organizations/${organizationId}/members`}>
                {tc("nav.members")}
              </Link>
            )}
            {can("api_keys:manage") && (
              <Link className="btn btn-secondary" to={`/organizations/${organizationId}/api-keys`}>
                {tc("nav.apiKeys")}
              </Link>
            )}
            {can("workspaces:create") && (
              <Link className="btn btn-primary" to={newHref}>
                {t("organization.newWorkspace")}
              </Link>
            )}
          </>
        }
      />
      <section aria-labelledby="org-workspaces">
        <h2 id="org-workspaces">{t("organization.workspaces")}</h2>
        {workspaces.isPending ? (
          <Loading />
        ) : workspaces.isError ? (
          <ErrorMessage error={workspaces.error} onRetry={() => void workspaces.refetch()} />
        ) : workspaces.items.length === 0 ? (
          <EmptyState
            title={t("organization.emptyTitle")}
            action={
              can("workspaces:create") ? (
                <Link className="btn btn-primary" to={newHref}>
                  {t("organization.newWorkspace")}
                </Link>
              ) : undefined
            }
          >
            <p>{can("workspaces:create") ? t("organization.emptyBody") : t("organization.emptyBodyMember")}</p>
          </EmptyState>
        ) : (
          <>
            <ul className="grid org-workspaces">
              {workspaces.items.map((w) => (
                <li key={w.id} className="card org-workspace-card">
                  <h3>
                    <Link to={`/workspaces/${w.id}`}>{w.name}</Link>
                  </h3>
                  {w.brand_name && w.brand_name !== w.name && <p className="muted">{t("organization.brand", { brand: w.brand_name })}</p>}
                  {w.keywords.length > 0 && (
                    <ul className="chips" aria-label={t("organization.keywords")}>
                      {w.keywords.slice(0, 6).map((k) => (
                        <li key={k}>
                          <Badge tone="info">{k}</Badge>
                        </li>
                      ))}
                      {w.keywords.length > 6 && <li className="muted">+{w.keywords.length - 6}</li>}
                    </ul>
                  )}
                  <p className="muted small">{t("organization.createdAt", { date: formatDateTime(w.created_at) })}</p>
                </li>
              ))}
            </ul>
            {workspaces.hasNextPage && (
              <InfiniteScroll hasMore loading={workspaces.isFetchingNextPage} onLoadMore={() => void workspaces.fetchNextPage()} />
            )}
          </>
        )}
      </section>
    </>
  );
}
