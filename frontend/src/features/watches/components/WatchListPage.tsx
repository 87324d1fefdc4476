import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { ConfirmActions, Dialog } from "@/components/ui/Dialog";
import { EmptyState, ErrorMessage, Loading, Notice } from "@/components/ui/Feedback";
import { InfiniteScroll } from "@/components/ui/InfiniteScroll";
import { Badge, PageHeader } from "@/components/ui/Page";
import { useAuth } from "@/lib/auth/AuthProvider";
import { canInWorkspace } from "@/lib/permissions";

import { useCollectWatch, useDeleteWatch, useUpdateWatch, useWatchList, type Watch } from "../api";

import { SourceHealthList } from "./SourceHealthList";

/** Sources' health moves as workers run: the list refreshes itself while it is open. */
const REFRESH_MS = 30_000;

export function WatchListPage() {
  const { workspaceId = "" } = useParams();
  const { t } = useTranslation("watches");
  const { me } = useAuth();
  const canWrite = canInWorkspace(me, workspaceId, "watches:write");
  const list = useWatchList(workspaceId);
  const update = useUpdateWatch(workspaceId);
  const collect = useCollectWatch(workspaceId);
  const remove = useDeleteWatch(workspaceId);
  const [toDelete, setToDelete] = useState<Watch | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const { refetch } = list;

  useEffect(() => {
    const timer = window.setInterval(() => void refetch(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [refetch]);

  const newLink = canWrite ? (
    <Link className="btn btn-primary" to={`/workspaces/${workspaceId}/watches/new`}>
      {t("list.new")}
    </Link>
  ) : undefined;

  const togglePause = (w: Watch) => {
    setMessage(null);
    update.mutate(
      { watchId: w.id, body: { status: w.status === "active" ? "paused" : "active" } },
      { onSuccess: (saved) => setMessage(t(saved.status === "active" ? "list.resumed" : "list.paused", { name: saved.name })) },
    );
  };
  const collectNow = (w: Watch) => {
    setMessage(null);
    collect.mutate(w.id, { onSuccess: () => setMessage(t("list.collecting", { name: w.name })) });
  };
  const confirmDelete = () => {
    if (!toDelete) return;
    const name = toDelete.name;
    remove.mutate(toDelete.id, {
      onSuccess: () => {
        setToDelete(null);
        setMessage(t("list.deleted", { name }));
      },
    });
  };

  return (
    <>
      <PageHeader title={t("list.title")} subtitle={t("list.subtitle")} actions={newLink} />
      <div className="stack">
        {message && <Notice tone="success">{message}</Notice>}
        <ErrorMessage error={update.error ?? collect.error} />
        {list.isPending ? (
          <Loading />
        ) : list.error ? (
          <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
        ) : list.items.length === 0 ? (
          <EmptyState title={t("list.emptyTitle")} action={newLink}>
            <p>{canWrite ? t("list.emptyBody") : t("list.emptyReadOnly")}</p>
          </EmptyState>
        ) : (
          <>
            <ul className="watch-list">
              {list.items.map((w) => (
                <li key={w.id}>
                  <WatchCard
                    watch={w}
                    workspaceId={workspaceId}
                    canWrite={canWrite}
                    toggling={update.isPending && update.variables?.watchId === w.id}
                    collecting={collect.isPending && collect.variables === w.id}
                    onToggle={() => togglePause(w)}
                    onCollect={() => collectNow(w)}
                    onDelete={() => {
                      remove.reset();
                      setToDelete(w);
                    }}
                  />
                </li>
              ))}
            </ul>
            {list.hasNextPage && (
              <InfiniteScroll hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onLoadMore={() => void list.fetchNextPage()} />
            )}
          </>
        )}
      </div>
      <Dialog open={!!toDelete} title={t("delete.title")} onClose={() => setToDelete(null)}>
        <ConfirmActions
          body={t("delete.body", { name: toDelete?.name ?? "" })}
          error={remove.error}
          confirmLabel={t("delete.confirm")}
          cancelLabel={t("delete.cancel")}
          busy={remove.isPending}
          onConfirm={confirmDelete}
          onCancel={() => setToDelete(null)}
        />
      </Dialog>
    </>
  );
}

function WatchCard({
  watch,
  workspaceId,
  canWrite,
  toggling,
  collecting,
  onToggle,
  onCollect,
  onDelete,
}: {
  watch: Watch;
  workspaceId: string;
  canWrite: boolean;
  toggling: boolean;
  collecting: boolean;
  onToggle: () => void;
  onCollect: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation("watches");
  const titleId = useId();
  return (
    <article className="card watch-card" aria-labelledby={titleId}>
      <div className="watch-card-head">
        <h2 id={titleId}>
          <Link to={`/workspaces/${workspaceId}/watches/${watch.id}`}>{watch.name}</Link>
        </h2>
        <div className="row">
          <Badge tone="info">{t(`kinds.${watch.kind}`)}</Badge>
          <Badge tone={watch.status === "active" ? "positive" : "warning"}>{t(`status.${watch.status}`)}</Badge>
        </div>
      </div>
      <p className="watch-query">
        <code>{watch.query}</code>
      </p>
      <p className="muted watch-meta">
        {t("list.every", { count: watch.interval_minutes })}
        {!!watch.languages?.length && ` · ${watch.languages.map((l) => l.toUpperCase()).join(", ")}`}
      </p>
      <h3 className="visually-hidden">{t("health.title")}</h3>
      <SourceHealthList sources={watch.sources} />
      <div className="row watch-actions">
        <Link className="btn btn-small" to={`/workspaces/${workspaceId}/watches/${watch.id}`}>
          {canWrite ? t("list.edit") : t("list.open")}
        </Link>
        {canWrite && (
          <>
            <Button className="btn-small" busy={toggling} onClick={onToggle}>
              {watch.status === "active" ? t("list.pause") : t("list.resume")}
            </Button>
            <Button className="btn-small" busy={collecting} onClick={onCollect}>
              {t("list.collectNow")}
            </Button>
            <Button className="btn-small" variant="danger" onClick={onDelete}>
              {t("list.delete")}
            </Button>
          </>
        )}
      </div>
    </article>
  );
}
