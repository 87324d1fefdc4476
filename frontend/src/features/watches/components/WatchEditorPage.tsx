import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { ErrorMessage, Loading, Notice } from "@/components/ui/Feedback";
import { Badge, Card, PageHeader } from "@/components/ui/Page";
import { useAuth } from "@/lib/auth/AuthProvider";
import { canInWorkspace } from "@/lib/permissions";

import { useCollectWatch, useWatch } from "../api";

import { SourceHealthList } from "./SourceHealthList";
import { WatchForm } from "./WatchForm";

/** /workspaces/:workspaceId/watches/new and /workspaces/:workspaceId/watches/:watchId */
export function WatchEditorPage() {
  const { workspaceId = "", watchId } = useParams();
  const { t } = useTranslation("watches");
  const { me } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const canWrite = canInWorkspace(me, workspaceId, "watches:write");
  const watch = useWatch(workspaceId, watchId);
  const collect = useCollectWatch(workspaceId);
  const created = (location.state as { created?: boolean } | null)?.created === true;
  // "saved", or "collecting" when the save resumed the watch or replaced its sources: the
  // API then starts a collection at once.
  const [saved, setSaved] = useState<"saved" | "collecting" | null>(null);
  const listPath = `/workspaces/${workspaceId}/watches`;
  const back = (
    <Link to={listPath} className="btn btn-ghost">
      {t("editor.back")}
    </Link>
  );

  if (!watchId) {
    return (
      <>
        <PageHeader title={t("editor.newTitle")} subtitle={t("editor.newSubtitle")} actions={back} />
        <WatchForm
          workspaceId={workspaceId}
          onSaved={(w) => navigate(`${listPath}/${w.id}`, { state: { created: true } })}
          onCancel={() => navigate(listPath)}
        />
      </>
    );
  }

  if (watch.isPending) return <Loading />;
  if (watch.error) return <ErrorMessage error={watch.error} onRetry={() => void watch.refetch()} />;
  const w = watch.data;

  const health = (
    <Card
      title={t("health.title")}
      actions={
        canWrite && (
          <Button
            className="btn-small"
            busy={collect.isPending}
            onClick={() => collect.mutate(w.id)}
          >
            {t("list.collectNow")}
          </Button>
        )
      }
    >
      <div className="stack" aria-live="polite">
        {collect.isSuccess && <Notice tone="success">{t("list.collecting", { name: w.name })}</Notice>}
        <ErrorMessage error={collect.error} />
        <SourceHealthList sources={w.sources} detailed />
        <Button className="btn-small" variant="ghost" onClick={() => void watch.refetch()} busy={watch.isFetching}>
          {t("health.refresh")}
        </Button>
      </div>
    </Card>
  );

  return (
    <>
      <PageHeader
        title={w.name}
        subtitle={
          <span className="row">
            <Badge tone="info">{t(`kinds.${w.kind}`)}</Badge>
            <Badge tone={w.status === "active" ? "positive" : "warning"}>{t(`status.${w.status}`)}</Badge>
          </span>
        }
        actions={back}
      />
      {created && <Notice tone="success">{t(w.status === "active" ? "editor.created" : "editor.createdPaused")}</Notice>}
      {saved && <Notice tone="success">{t(saved === "collecting" ? "editor.savedCollecting" : "editor.saved")}</Notice>}
      <div className="watch-editor">
        <div className="watch-editor-main">
          {canWrite ? (
            <WatchForm
              key={`${w.id}-${w.updated_at}`}
              workspaceId={workspaceId}
              watch={w}
              onSaved={(next) => {
                const resumed = w.status === "paused" && next.status === "active";
                const newSources = next.sources.some((source) => !w.sources.some((old) => old.id === source.id));
                setSaved(next.status === "active" && (resumed || newSources) ? "collecting" : "saved");
                window.scrollTo({ top: 0, behavior: "smooth" });
              }}
              onCancel={() => navigate(listPath)}
            />
          ) : (
            <Card title={t("form.query")}>
              <p>
                <code>{w.query}</code>
              </p>
            </Card>
          )}
        </div>
        <aside className="watch-editor-side">{health}</aside>
      </div>
    </>
  );
}
