import { useEffect, useId, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "./Button";
import { ErrorMessage } from "./Feedback";

/** A modal on the native <dialog>: focus trapped, Escape closes, focus returns on close. */
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { t } = useTranslation();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClose}>
      <div className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <Button variant="ghost" onClick={onClose} aria-label={t("close")}>
          ×
        </Button>
      </div>
      {open && children}
    </dialog>
  );
}

/** The inside of a confirmation dialog: what will happen, its error, confirm or cancel. */
export function ConfirmActions({
  body,
  error,
  confirmLabel,
  cancelLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  body: ReactNode;
  error?: unknown;
  confirmLabel: string;
  cancelLabel?: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <p>{body}</p>
      {error !== undefined && <ErrorMessage error={error} />}
      <div className="row">
        <Button variant="danger" busy={busy} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button onClick={onCancel}>{cancelLabel ?? t("cancel")}</Button>
      </div>
    </div>
  );
}
