import { useMemo, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ErrorMessage } from "@/components/ui/Feedback";
import { SelectField, TextField } from "@/components/ui/Field";
import { idempotencyKey } from "@/lib/api/client";
import { useAuth } from "@/lib/auth/AuthProvider";
import { LOCALES, isLocale, type AppLocale } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

import { useSaveWorkspace, type Workspace } from "../api";
import { browserTimeZone, timeZones } from "../profile";
import { TagInput, type TagInputHandle } from "./TagInput";

/** Create (no `workspace`) or edit a client workspace's profile: name, brand, keywords,
 * competitors, time zone, locale. Reused by the onboarding wizard's first step. */
export interface WorkspaceProfileFormProps {
  organizationId: string;
  workspace?: Workspace;
  submitLabel?: string;
  onSaved: (workspace: Workspace) => void;
}

/** The validation message of `field` or of one of its items (loc ends with the index). */
function apiFieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.problem.errors?.find((e) => e.loc.includes(field))?.msg;
}

export function WorkspaceProfileForm({ organizationId, workspace, submitLabel, onSaved }: WorkspaceProfileFormProps) {
  const { t, i18n } = useTranslation("workspaces");
  const { t: tc } = useTranslation();
  const { refreshMe } = useAuth();
  const save = useSaveWorkspace(organizationId, workspace?.id);
  const [name, setName] = useState(workspace?.name ?? "");
  const [brand, setBrand] = useState(workspace?.brand_name ?? "");
  const [keywords, setKeywords] = useState<string[]>(workspace?.keywords ?? []);
  const [competitors, setCompetitors] = useState<string[]>(workspace?.competitors ?? []);
  const [timezone, setTimezone] = useState(workspace?.timezone ?? browserTimeZone());
  const [locale, setLocale] = useState<AppLocale>(
    isLocale(workspace?.locale) ? workspace.locale : isLocale(i18n.language) ? i18n.language : "fr",
  );
  const [key, setKey] = useState(idempotencyKey);
  const [nameError, setNameError] = useState("");
  const [savedMessage, setSavedMessage] = useState("");
  const keywordsInput = useRef<TagInputHandle>(null);
  const competitorsInput = useRef<TagInputHandle>(null);
  const zones = useMemo(() => timeZones(timezone), [timezone]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSavedMessage("");
    // Terms typed but not yet added with Enter count too.
    const allKeywords = keywordsInput.current?.commit() ?? keywords;
    const allCompetitors = competitorsInput.current?.commit() ?? competitors;
    if (!name.trim()) {
      setNameError(t("profile.nameRequired"));
      return;
    }
    setNameError("");
    const saved = await save
      .mutateAsync({
        key,
        body: { name: name.trim(), brand_name: brand.trim(), keywords: allKeywords, competitors: allCompetitors, timezone, locale },
      })
      .catch(() => null);
    if (!saved) return;
    setKey(idempotencyKey());
    await refreshMe();
    if (workspace) setSavedMessage(tc("saved"));
    onSaved(saved);
  };

  return (
    <form className="stack workspace-profile" onSubmit={submit} noValidate>
      <ErrorMessage error={save.error} />
      <div className="grid">
        <TextField
          label={t("profile.name")}
          hint={t("profile.nameHint")}
          required
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={nameError || apiFieldError(save.error, "name")}
        />
        <TextField
          label={t("profile.brand")}
          hint={t("profile.brandHint")}
          maxLength={200}
          value={brand}
          onChange={(e) => setBrand(e.target.value)}
          error={apiFieldError(save.error, "brand_name")}
        />
      </div>
      <TagInput
        ref={keywordsInput}
        label={t("profile.keywords")}
        hint={t("profile.keywordsHint")}
        value={keywords}
        onChange={setKeywords}
        max={100}
        error={apiFieldError(save.error, "keywords")}
      />
      <TagInput
        ref={competitorsInput}
        label={t("profile.competitors")}
        hint={t("profile.competitorsHint")}
        value={competitors}
        onChange={setCompetitors}
        max={50}
        error={apiFieldError(save.error, "competitors")}
      />
      <div className="grid">
        <SelectField
          label={t("profile.timezone")}
          hint={t("profile.timezoneHint")}
          value={timezone}
          onChange={(e) => setTimezone(e.target.value)}
          options={zones.map((z) => ({ value: z, label: z.replace(/_/g, " ") }))}
          error={apiFieldError(save.error, "timezone")}
        />
        <SelectField
          label={t("profile.locale")}
          hint={t("profile.localeHint")}
          value={locale}
          onChange={(e) => setLocale(e.target.value as AppLocale)}
          options={LOCALES.map((l) => ({ value: l, label: tc(`locale.${l}`) }))}
        />
      </div>
      <div className="row">
        <Button type="submit" variant="primary" busy={save.isPending}>
          {submitLabel ?? (workspace ? tc("save") : t("profile.create"))}
        </Button>
        <span role="status" aria-live="polite">
          {savedMessage}
        </span>
      </div>
    </form>
  );
}
