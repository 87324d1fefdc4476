import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { EmptyState, ErrorMessage, Loading, Notice } from "@/components/ui/Feedback";
import { InfiniteScroll } from "@/components/ui/InfiniteScroll";
import { PageHeader } from "@/components/ui/Page";
import { useAuth } from "@/lib/auth/AuthProvider";
import { canInWorkspace } from "@/lib/permissions";

import { mentionKeys, useExportCsv, useMentions, useWatches, useWorkspace, useWorkspacePeople, type Mention } from "../api";
import { activeFilterCount, EMPTY_FILTERS, filtersToParams, parseFilters, toApiQuery, type InboxFilters } from "../filters";
import { searchTerms } from "../highlight";
import { BulkBar } from "./BulkBar";
import { ExclusionSuggestions } from "./ExclusionSuggestions";
import { FilterPanel, SearchBar } from "./FilterPanel";
import { MentionCard, type CardContext } from "./MentionCard";
import { assignablePeople, nameIndex } from "./people";

/** The mentions inbox: filters in the URL, infinite list, triage one by one or in bulk. */
export function InboxPage() {
  const { t } = useTranslation("mentions");
  const { workspaceId = "" } = useParams();
  const { me } = useAuth();
  const client = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(searchParams), [searchParams]);
  const canWrite = canInWorkspace(me, workspaceId, "mentions:write");
  const canReadWatches = canInWorkspace(me, workspaceId, "watches:read");
  const canReadMembers = canInWorkspace(me, workspaceId, "members:read");

  const workspace = useWorkspace(workspaceId);
  const timeZone = workspace.data?.timezone;
  const watches = useWatches(workspaceId, canReadWatches);
  const members = useWorkspacePeople(workspaceId, canReadMembers);
  const query = useMemo(() => toApiQuery(filters, timeZone ?? "UTC"), [filters, timeZone]);
  // Dates are read in the workspace's time zone: wait for it before asking for a date range.
  const list = useMentions(workspaceId, query, !(filters.since || filters.until) || !!timeZone);
  const exportCsv = useExportCsv(workspaceId);

  const [selected, setSelected] = useState<string[]>([]);
  const [suggestFor, setSuggestFor] = useState<string[]>([]);

  const setFilters = useCallback(
    (next: InboxFilters) => {
      setSelected([]);
      setSearchParams(filtersToParams(next));
    },
    [setSearchParams],
  );

  const user = me?.user;
  const people = useMemo(() => assignablePeople(members.data ?? [], user, canWrite), [members.data, user, canWrite]);
  const names = useMemo(() => nameIndex(members.data ?? [], user), [members.data, user]);
  const terms = useMemo(() => searchTerms(filters.q), [filters.q]);

  const onIrrelevant = useCallback(
    (touched: Mention[]) => {
      const ids = [...new Set(touched.flatMap((m) => m.watch_ids))];
      ids.forEach((id) => void client.invalidateQueries({ queryKey: mentionKeys.suggestions(workspaceId, id) }));
      setSuggestFor((current) => [...new Set([...ids, ...current])].slice(0, 3));
    },
    [client, workspaceId],
  );

  const ctx: CardContext = { workspaceId, timeZone, terms, canWrite, people, names, onIrrelevant };
  const watchName = (id: string) => watches.data?.find((w) => w.id === id)?.name;
  const { fetchNextPage } = list;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  const doExport = () => {
    const day = new Date().toISOString().slice(0, 10);
    exportCsv.mutate({ query, filename: `mentions-${workspace.data?.slug ?? workspaceId}-${day}.csv` });
  };

  const filtered = activeFilterCount(filters) > 0 || !!filters.q;
  return (
    <div className="inbox stack">
      <PageHeader
        title={t("title")}
        subtitle={workspace.data ? `${workspace.data.name} · ${t("subtitle")}` : t("subtitle")}
        actions={
          <Button onClick={doExport} busy={exportCsv.isPending}>
            {exportCsv.isPending ? t("export.busy") : t("export.button")}
          </Button>
        }
      />
      <ErrorMessage error={exportCsv.error} />
      <p className="visually-hidden" aria-live="polite">
        {exportCsv.isSuccess ? t("export.done") : ""}
      </p>
      {!canWrite && <Notice>{t("readOnly")}</Notice>}

      <div className="inbox-layout">
        <div className="inbox-controls stack">
          <SearchBar filters={filters} onChange={setFilters} />
          <FilterPanel filters={filters} onChange={setFilters} watches={watches.data ?? []} people={people} />
        </div>

        <div className="inbox-results stack">
          {suggestFor.map((id) => (
            <ExclusionSuggestions
              key={id}
              workspaceId={workspaceId}
              watchId={id}
              watchName={watchName(id)}
              canEditWatch={canReadWatches}
              onDismiss={() => setSuggestFor((s) => s.filter((x) => x !== id))}
            />
          ))}
          {canWrite && (
            <BulkBar
              workspaceId={workspaceId}
              loaded={list.items}
              selected={selected}
              onSelectAll={(all) => setSelected(all ? list.items.map((m) => m.id) : [])}
              onClear={() => setSelected([])}
              people={people}
              onIrrelevant={onIrrelevant}
            />
          )}
          <section aria-labelledby="inbox-results-heading" className="stack">
            <div className="row inbox-results-head">
              <h2 id="inbox-results-heading" className="visually-hidden">
                {t("list.heading")}
              </h2>
              <p className="muted" aria-live="polite">
                {list.isFetching && !list.isFetchingNextPage && !list.isPending
                  ? t("list.updating")
                  : list.isSuccess
                    ? t("list.loaded", { count: list.items.length })
                    : ""}
              </p>
            </div>
            {list.isPending ? (
              <Loading />
            ) : list.error && !list.items.length ? (
              <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
            ) : list.items.length === 0 ? (
              filtered ? (
                <EmptyState
                  title={t("list.emptyTitle")}
                  action={
                    <Button onClick={() => setFilters({ ...EMPTY_FILTERS, sort: filters.sort })}>
                      {t("filters.clear")}
                    </Button>
                  }
                >
                  <p>{t("list.emptyBody")}</p>
                </EmptyState>
              ) : (
                <EmptyState
                  title={t("list.noneYetTitle")}
                  action={canReadWatches ? <Link to={`/workspaces/${workspaceId}/watches`}>{t("list.manageWatches")}</Link> : undefined}
                >
                  <p>{t("list.noneYetBody")}</p>
                </EmptyState>
              )
            ) : (
              <>
                <ul className="mention-list">
                  {list.items.map((m) => (
                    <li key={m.id}>
                      <MentionCard
                        mention={m}
                        ctx={ctx}
                        selected={selected.includes(m.id)}
                        onSelect={(id, on) => setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)))}
                      />
                    </li>
                  ))}
                </ul>
                {list.error && <ErrorMessage error={list.error} onRetry={() => void list.fetchNextPage()} />}
                <InfiniteScroll hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onLoadMore={loadMore} />
              </>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}
