import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { ApiError } from "@/lib/problem";

import { Button } from "./Button";

/** An error as people understand it: the problem's `detail`, announced to screen readers. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  let text = t("error.title");
  if (error instanceof ApiError) {
    // The API's detail is English; a language that knows the stable code says it its way.
    const known = `problems.${error.code}`;
    text =
      error.code === "network"
        ? t("error.network")
        : i18n.exists(known) ? t(known) : error.problem.detail || error.problem.title;
  }
  return (
    <div className="notice notice-error" role="alert">
      <p>{text}</p>
      {onRetry && (
        <Button variant="ghost" onClick={onRetry}>
          {t("retry")}
        </Button>
      )}
    </div>
  );
}

export function Notice({ children, tone = "info" }: { children: ReactNode; tone?: "info" | "success" | "warning" }) {
  return (
    <div className={`notice notice-${tone}`} role="status">
      {children}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t("loading")}</span>
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <h2>{title}</h2>
      {children && <div className="empty-state-body">{children}</div>}
      {action}
    </div>
  );
}

/** Progress of long work (a step of a wizard, a collection); indeterminate without a value. */
export function Progress({ label, value, max = 100 }: { label: string; value?: number; max?: number }) {
  return (
    <div className="progress">
      <label>
        <span>{label}</span>
        <progress value={value} max={max} aria-label={label} />
      </label>
    </div>
  );
}
