import type { components } from "@/lib/api/schema";

type WorkspaceRead = components["schemas"]["WorkspaceRead"];

export function WorkspaceSettingsPage() {
  return <p>WorkspaceSettingsPage</p>;
}

/** Create (no `workspace`) or edit a client workspace's profile: name, brand, keywords,
 * competitors, time zone, locale. Reused by the onboarding wizard's first step. */
export interface WorkspaceProfileFormProps {
  organizationId: string;
  workspace?: WorkspaceRead;
  submitLabel?: string;
  onSaved: (workspace: WorkspaceRead) => void;
}

export function WorkspaceProfileForm(props: WorkspaceProfileFormProps) {
  return <p>WorkspaceProfileForm {props.organizationId}</p>;
}
