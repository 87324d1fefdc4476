import { useEffect, useId, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

/** The data of a chart as a table: hidden from the eye until asked for, always there for screen readers. */
export function DataTable<Row>({ caption, columns, rows, rowKey, visible }: { caption: string; columns: Column<Row>[]; rows: Row[]; rowKey: (row: Row) => string; visible: boolean }) {
  return (
    <div className={visible ? "table-wrap chart-table" : "visually-hidden"}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.numeric ? "num" : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c, i) =>
                i === 0 ? (
                  <th key={c.header} scope="row">
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={c.header} className={c.numeric ? "num" : undefined}>
                    {c.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A titled chart. The drawing is decorative for assistive technologies (aria-hidden); its text
 * summary and data table carry the same information.
 */
export function ChartCard<Row>({
  title,
  summary,
  chart,
  columns,
  rows,
  rowKey,
  footer,
  wide,
}: {
  title: string;
  summary?: ReactNode;
  chart: ReactNode;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  footer?: ReactNode;
  wide?: boolean;
}) {
  const { t } = useTranslation("dashboard");
  const [table, setTable] = useState(false);
  const id = useId();
  return (
    <section className={`card chart-card${wide ? " chart-wide" : ""}`} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {summary && <p className="muted chart-summary">{summary}</p>}
      {!table && (
        <div className="chart-area" aria-hidden="true">
          {chart}
        </div>
      )}
      <div id={`${id}-table`}>
        <DataTable caption={title} columns={columns} rows={rows} rowKey={rowKey} visible={table} />
      </div>
      <Button variant="ghost" className="btn-small table-toggle" aria-expanded={table} aria-controls={`${id}-table`} onClick={() => setTable((v) => !v)}>
        {table ? t("table.hide") : t("table.show")}
      </Button>
      {footer}
    </section>
  );
}

/** The palette from the CSS variables (--negative, --neutral, --positive, --primary…). */
export function useCssColors() {
  const read = () => {
    const style = typeof document !== "undefined" ? getComputedStyle(document.documentElement) : null;
    const v = (name: string, fallback: string) => style?.getPropertyValue(name).trim() || fallback;
    return {
      negative: v("--negative", "#c0392b"),
      neutral: v("--neutral", "#6b7785"),
      positive: v("--positive", "#1e8449"),
      primary: v("--primary", "#1f4e79"),
      competitor: v("--chart-competitor", "#7b3f98"),
      muted: v("--muted", "#55606e"),
      border: v("--border", "#d5dbe3"),
      text: v("--text", "#1b2430"),
    };
  };
  const [colors, setColors] = useState(read);
  useEffect(() => setColors(read()), []);
  return colors;
}
