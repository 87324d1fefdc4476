import { expect, test } from "@playwright/test";

import { langOf, signUp, snap, type Lang } from "./support";

const T = {
  en: {
    workspaceName: "Workspace name", brandName: "Brand name", createContinue: "Create and continue",
    skip: "Skip this step", keywordKind: "Keyword", ruleName: "Rule name", keywords: "Keywords",
    createRule: "Create the rule", next: "Next", openDashboard: "Open the dashboard", watches: "Watches",
    newWatch: "New watch", name: "Name", query: "Query", feedMode: "A feed address (RSS or Atom)",
    feedUrl: "Feed URL", createWatch: "Create the watch", alerts: "Alerts", acknowledge: /^Acknowledge/,
    acknowledged: "Acknowledged", health: "Source health", pause: "Pause", resume: "Resume",
    paused: "“Café Soleil” is paused.", resumed: "“Café Soleil” is active again and collecting now.",
  },
  fr: {
    workspaceName: "Nom de l'espace", brandName: "Nom de la marque", createContinue: "Créer et continuer",
    skip: "Passer cette étape", keywordKind: "Mot-clé", ruleName: "Nom de la règle", keywords: "Mots-clés",
    createRule: "Créer la règle", next: "Suivant", openDashboard: "Ouvrir le tableau de bord", watches: "Veilles",
    newWatch: "Nouvelle veille", name: "Nom", query: "Requête", feedMode: "L'adresse d'un flux (RSS ou Atom)",
    feedUrl: "URL du flux", createWatch: "Créer la veille", alerts: "Alertes", acknowledge: /^Prendre en compte/,
    acknowledged: "Prise en compte", health: "État des sources", pause: "Mettre en pause", resume: "Relancer",
    paused: "« Café Soleil » est en pause.", resumed: "« Café Soleil » est de nouveau active et collecte dès maintenant.",
  },
} satisfies Record<Lang, Record<string, string | RegExp>>;

test("a keyword alert rule, a watch whose query error is shown in place, an alert to acknowledge, then the watch paused and resumed", async ({ page, baseURL }, info) => {
  test.setTimeout(300_000); // alerts are evaluated by the worker's minute-by-minute sweep
  const t = T[langOf(info)];
  await signUp(page, info, "alerts");
  await page.getByLabel(t.workspaceName).fill("Café Soleil");
  await page.getByLabel(t.brandName).fill("Café Soleil");
  await page.getByRole("button", { name: t.createContinue }).click();
  await page.getByRole("button", { name: t.skip }).click();

  // Wizard step 3: an alert rule on a word customers use when they complain about prices.
  await page.getByLabel(t.keywordKind, { exact: true }).check();
  await page.getByLabel(t.ruleName).fill("Prix");
  await page.getByLabel(t.keywords, { exact: true }).fill("prix");
  await page.getByRole("button", { name: t.createRule }).click();
  await page.getByRole("button", { name: t.next }).click();
  await page.getByRole("link", { name: t.openDashboard }).click();

  // A watch whose query has an error: the API's message sits under the query, culprit marked.
  await page.getByRole("navigation").getByRole("link", { name: t.watches, exact: true }).click();
  await page.getByRole("link", { name: t.newWatch }).first().click();
  await page.getByLabel(t.name, { exact: true }).fill("Café Soleil");
  await page.getByLabel(t.query, { exact: true }).fill('"café soleil" AND (prix');
  await page.getByLabel(t.feedMode).check();
  await page.getByLabel(t.feedUrl).fill(`${baseURL}/demo/feeds/cafe-soleil-social.xml`);
  await page.getByRole("button", { name: t.createWatch }).click();
  await expect(page.locator("mark").first()).toBeVisible();
  await expect(page.getByLabel(t.query, { exact: true })).toHaveAttribute("aria-invalid", "true");
  await snap(page, info, "13-watch-query-error");
  await page.getByLabel(t.query, { exact: true }).fill('"café soleil" OR cafesoleil');
  await page.getByRole("button", { name: t.createWatch }).click();
  await expect(page.getByRole("heading", { name: t.health })).toBeVisible();
  await snap(page, info, "14-watch-editor");

  // The collection brings a mention about prices: the rule raises an alert, someone takes it.
  await page.getByRole("navigation").getByRole("link", { name: t.alerts, exact: true }).click();
  const acknowledge = page.getByRole("button", { name: t.acknowledge }).first();
  await expect(async () => {
    await page.reload();
    await expect(acknowledge).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 180_000, intervals: [3_000] });
  await snap(page, info, "15-alerts");
  await acknowledge.click();
  await expect(page.getByRole("button", { name: t.acknowledge })).toHaveCount(0);

  // Paused, then resumed: resuming starts a collection at once.
  await page.getByRole("navigation").getByRole("link", { name: t.watches, exact: true }).click();
  await page.getByRole("button", { name: t.pause }).click();
  await expect(page.getByText(t.paused)).toBeVisible();
  await page.getByRole("button", { name: t.resume }).click();
  await expect(page.getByText(t.resumed)).toBeVisible();
});
