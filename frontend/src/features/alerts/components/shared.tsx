import { useTranslation } from "react-i18next";

import { Badge } from "@/components/ui/Page";
import { formatNumber } from "@/lib/i18n";

import { summaryValues, type AlertKind } from "../rules";
import type { AlertStatus } from "../api";

export const KIND_TONES: Record<AlertKind, string> = {
  volume_spike: "info",
  negative_spike: "negative",
  keyword: "warning",
  high_reach: "info",
};

export function KindBadge({ kind }: { kind: AlertKind }) {
  const { t } = useTranslation("alerts");
  return <Badge tone={KIND_TONES[kind]}>{t(`kinds.${kind}`)}</Badge>;
}

export function StatusBadge({ status }: { status: AlertStatus }) {
  const { t } = useTranslation("alerts");
  return <Badge tone={status === "open" ? "negative" : "neutral"}>{t(`status.${status}`)}</Badge>;
}

/** "3× the usual volume within 60 min (at least 10 mentions)"… in the interface language. */
export function RuleSummary({ kind, params }: { kind: AlertKind; params: Record<string, unknown> }) {
  const { t } = useTranslation("alerts");
  const values = Object.fromEntries(
    Object.entries(summaryValues(kind, params)).map(([k, v]) => [k, typeof v === "number" && k !== "count" ? formatNumber(v) : v]),
  );
  return <>{t(`summary.${kind}`, values)}</>;
}
