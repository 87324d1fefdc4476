import type { components } from "@/lib/api/schema";

type WatchRead = components["schemas"]["WatchRead"];

export function WatchListPage() {
  return <p>WatchListPage</p>;
}

export function WatchEditorPage() {
  return <p>WatchEditorPage</p>;
}

/** Create (no `watch`) or edit a watch; reused by the onboarding wizard (compact layout). */
export interface WatchFormProps {
  workspaceId: string;
  watch?: WatchRead;
  /** Pre-filled query for a new watch, e.g. the brand name from the wizard's first step. */
  initialQuery?: string;
  initialName?: string;
  compact?: boolean;
  onSaved: (watch: WatchRead) => void;
  onCancel?: () => void;
}

export function WatchForm(props: WatchFormProps) {
  return <p>WatchForm {props.workspaceId}</p>;
}
