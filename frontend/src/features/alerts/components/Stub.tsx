import type { components } from "@/lib/api/schema";

type AlertRuleRead = components["schemas"]["AlertRuleRead"];

export function AlertsPage() {
  return <p>AlertsPage</p>;
}

export function AlertDetailPage() {
  return <p>AlertDetailPage</p>;
}

/** Create (no `rule`) or edit an alert rule; reused by the onboarding wizard. */
export interface AlertRuleFormProps {
  workspaceId: string;
  rule?: AlertRuleRead;
  compact?: boolean;
  onSaved: (rule: AlertRuleRead) => void;
  onCancel?: () => void;
}

export function AlertRuleForm(props: AlertRuleFormProps) {
  return <p>AlertRuleForm {props.workspaceId}</p>;
}
