import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { formatNumber } from "@/lib/i18n";

import { peak, SENTIMENTS, sentimentSlices, shareOfVoice, volumeSeries, type MentionStats, type Slice, type VoiceRow, type VolumeRow } from "../transforms";
import { ChartCard, useCssColors } from "./ChartCard";

const percent = (value: number, locale: string) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
const HEIGHT = 260;

export function VolumeChart({ stats }: { stats: MentionStats }) {
  const { t, i18n } = useTranslation("dashboard");
  const colors = useCssColors();
  const rows = volumeSeries(stats, i18n.language);
  const top = peak(rows);
  const summary = top
    ? t("volume.summary", { total: formatNumber(stats.total), peak: top.label, count: formatNumber(top.total) })
    : t("volume.summaryQuiet");
  return (
    <ChartCard<VolumeRow>
      wide
      title={t("volume.title")}
      summary={summary}
      rows={rows}
      rowKey={(r) => r.bucket}
      columns={[
        { header: t(`volume.${stats.interval}`), cell: (r) => r.label },
        ...SENTIMENTS.map((s) => ({ header: t(`sentiment.${s}`), cell: (r: VolumeRow) => formatNumber(r[s]), numeric: true })),
        { header: t("volume.total"), cell: (r) => formatNumber(r.total), numeric: true },
      ]}
      chart={
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={colors.border} />
            <XAxis dataKey="label" tick={{ fontSize: 12, fill: colors.muted }} minTickGap={12} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: colors.muted }} />
            <Tooltip />
            <Legend itemSorter={null} />
            {SENTIMENTS.map((s) => (
              <Bar key={s} dataKey={s} name={t(`sentiment.${s}`)} stackId="sentiment" fill={colors[s]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      }
    />
  );
}

export function SentimentChart({ stats }: { stats: MentionStats }) {
  const { t, i18n } = useTranslation("dashboard");
  const colors = useCssColors();
  const slices = sentimentSlices(stats);
  const summary = slices.map((s) => `${t(`sentiment.${s.sentiment}`)} ${percent(s.share, i18n.language)}`).join(" · ");
  const drawn = slices.filter((s) => s.count > 0).map((s) => ({ ...s, name: t(`sentiment.${s.sentiment}`) }));
  return (
    <ChartCard<Slice>
      title={t("sentiment.title")}
      summary={summary}
      rows={slices}
      rowKey={(s) => s.sentiment}
      columns={[
        { header: t("sentiment.label"), cell: (s) => t(`sentiment.${s.sentiment}`) },
        { header: t("sentiment.count"), cell: (s) => formatNumber(s.count), numeric: true },
        { header: t("sentiment.share"), cell: (s) => percent(s.share, i18n.language), numeric: true },
      ]}
      chart={
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <PieChart accessibilityLayer={false}>
            <Pie data={drawn} dataKey="count" nameKey="name" innerRadius="55%" outerRadius="85%" paddingAngle={1} isAnimationActive={false} rootTabIndex={-1}>
              {drawn.map((s) => (
                <Cell key={s.sentiment} fill={colors[s.sentiment]} />
              ))}
            </Pie>
            <Tooltip />
            <Legend itemSorter={null} />
          </PieChart>
        </ResponsiveContainer>
      }
    />
  );
}

export function ShareOfVoiceChart({ stats, workspaceId, canAddWatch }: { stats: MentionStats; workspaceId: string; canAddWatch: boolean }) {
  const { t, i18n } = useTranslation("dashboard");
  const colors = useCssColors();
  const sov = shareOfVoice(stats);
  const rows = sov.rows.map((r) => ({ ...r, percent: Math.round(r.share * 1000) / 10 }));
  const summary = sov.rows.length
    ? sov.hasCompetitor
      ? t("sov.summary", { own: percent(sov.own, i18n.language), competitor: percent(sov.competitor, i18n.language) })
      : t("sov.noCompetitor")
    : t("sov.none");
  return (
    <ChartCard<VoiceRow>
      title={t("sov.title")}
      summary={summary}
      rows={sov.rows}
      rowKey={(r) => r.watchId}
      columns={[
        { header: t("sov.watch"), cell: (r) => r.name },
        { header: t("sov.side"), cell: (r) => t(`sov.${r.side}`) },
        { header: t("sov.count"), cell: (r) => formatNumber(r.count), numeric: true },
        { header: t("sov.share"), cell: (r) => percent(r.share, i18n.language), numeric: true },
      ]}
      chart={
        <ResponsiveContainer width="100%" height={Math.max(120, 44 * rows.length + 40)}>
          <BarChart data={rows} layout="vertical" accessibilityLayer={false} margin={{ top: 0, right: 16, left: 8, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke={colors.border} />
            <XAxis type="number" unit="%" domain={[0, 100]} tick={{ fontSize: 12, fill: colors.muted }} />
            <YAxis type="category" dataKey="name" width={110} tick={{ fontSize: 12, fill: colors.text }} />
            <Tooltip formatter={(value) => `${String(value)} %`} />
            <Bar dataKey="percent" name={t("sov.share")} isAnimationActive={false}>
              {rows.map((r) => (
                <Cell key={r.watchId} fill={r.side === "own" ? colors.primary : colors.competitor} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      }
      footer={
        !sov.hasCompetitor && canAddWatch ? (
          <p>
            <Link to={`/workspaces/${workspaceId}/watches/new`}>{t("sov.addCompetitor")}</Link>
          </p>
        ) : undefined
      }
    />
  );
}

export function TopSourcesChart({ stats }: { stats: MentionStats }) {
  const { t } = useTranslation("dashboard");
  const colors = useCssColors();
  const rows = stats.top_sources.map((s) => ({ ...s, name: t(`sourceNames.${s.source}`, { defaultValue: s.source }) }));
  return (
    <ChartCard<(typeof rows)[number]>
      title={t("sources.title")}
      summary={rows.length ? undefined : t("sources.none")}
      rows={rows}
      rowKey={(r) => r.source}
      columns={[
        { header: t("sources.source"), cell: (r) => r.name },
        { header: t("sources.count"), cell: (r) => formatNumber(r.count), numeric: true },
      ]}
      chart={
        rows.length ? (
          <ResponsiveContainer width="100%" height={Math.max(120, 36 * rows.length + 40)}>
            <BarChart data={rows} layout="vertical" accessibilityLayer={false} margin={{ top: 0, right: 16, left: 8, bottom: 0 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke={colors.border} />
              <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12, fill: colors.muted }} />
              <YAxis type="category" dataKey="name" width={100} tick={{ fontSize: 12, fill: colors.text }} />
              <Tooltip />
              <Bar dataKey="count" name={t("sources.count")} fill={colors.primary} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        ) : null
      }
    />
  );
}

/** Authors read better as a list than as a chart: a plain table, links to their profiles. */
export function TopAuthors({ stats }: { stats: MentionStats }) {
  const { t } = useTranslation("dashboard");
  return (
    <section className="card chart-wide" aria-labelledby="top-authors-title">
      <h2 id="top-authors-title">{t("authors.title")}</h2>
      {stats.top_authors.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("authors.author")}</th>
                <th scope="col">{t("authors.source")}</th>
                <th scope="col" className="num">
                  {t("authors.count")}
                </th>
              </tr>
            </thead>
            <tbody>
              {stats.top_authors.map((a) => (
                <tr key={`${a.source}:${a.author}`}>
                  <th scope="row">
                    {a.author_url ? (
                      <a href={a.author_url} target="_blank" rel="noopener noreferrer">
                        {a.author}
                      </a>
                    ) : (
                      a.author
                    )}
                  </th>
                  <td>{t(`sourceNames.${a.source}`, { defaultValue: a.source })}</td>
                  <td className="num">{formatNumber(a.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("authors.none")}</p>
      )}
    </section>
  );
}
