import { expect, test, type Page } from "@playwright/test";

import { PASSWORD, email, expectAccessible, langOf, logOut, mailLink, signUp, snap, type Lang } from "./support";

// The interface's words, as a user reads them, in both languages.
const T = {
  en: {
    workspaceName: "Workspace name", brandName: "Brand name", keywords: "Keywords", competitors: "Competitors",
    createContinue: "Create and continue", step2: "Step 2 of 4", feedMode: "A feed address (RSS or Atom)",
    feedUrl: "Feed URL", preview: "Preview matches", matching: /matching item/, createWatch: "Create the watch",
    next: "Next", skip: "Skip this step", allSet: "All set", openInbox: "Open the mentions inbox",
    toAnswer: "To answer", statusOf: "Status of", details: /Tags, notes and sentiment/, newTag: "New tag", addTag: "Add tag",
    newNote: "Add a note", addNote: "Add note", selectAll: /Select all loaded/, setStatus: "Set status",
    ignored: "Ignored", apply: "Apply to selection", updated: /mentions? updated/, members: "Members",
    aClient: "A client", clientWorkspace: "Client workspace", roleInWorkspace: "Role in the workspace",
    emailAddress: "Email address", sendInvitation: "Send the invitation", invitationSent: /Invitation sent to/,
    fullName: "Your name", password: "Password", accept: "Accept the invitation", mentionsNav: "Mentions",
    dashboard: "Dashboard", notFound: "This page does not exist, or you no longer have access to it.",
    watches: "Watches", alerts: "Alerts", apiKeys: "API keys",
  },
  fr: {
    workspaceName: "Nom de l'espace", brandName: "Nom de la marque", keywords: "Mots-clés", competitors: "Concurrents",
    createContinue: "Créer et continuer", step2: "Étape 2 sur 4", feedMode: "L'adresse d'un flux (RSS ou Atom)",
    feedUrl: "URL du flux", preview: "Prévisualiser les résultats", matching: /éléments? correspondants?/,
    createWatch: "Créer la veille", next: "Suivant", skip: "Passer cette étape", allSet: "Tout est prêt",
    openInbox: "Ouvrir la boîte de réception des mentions", toAnswer: "À répondre", statusOf: "Statut de",
    details: /Étiquettes, notes et tonalité/, newTag: "Nouvelle étiquette", addTag: "Ajouter l'étiquette",
    newNote: "Ajouter une note", addNote: "Ajouter la note", selectAll: /Tout sélectionner/, setStatus: "Changer le statut",
    ignored: "Ignorée", apply: "Appliquer à la sélection", updated: /mentions? mises? à jour/, members: "Membres",
    aClient: "Un client", clientWorkspace: "Espace client", roleInWorkspace: "Rôle dans l'espace",
    emailAddress: "Adresse e-mail", sendInvitation: "Envoyer l'invitation", invitationSent: /Invitation envoyée à/,
    fullName: "Votre nom", password: "Mot de passe", accept: "Accepter l'invitation", mentionsNav: "Mentions",
    dashboard: "Tableau de bord", notFound: "Cette page n'existe pas, ou vous n'y avez plus accès.",
    watches: "Veilles", alerts: "Alertes", apiKeys: "Clés d'API",
  },
} satisfies Record<Lang, Record<string, string | RegExp>>;

async function mentionCards(page: Page) {
  return page.locator("article.mention-card");
}

test("an agency onboards a client, triages its mentions and invites a client viewer", async ({ page, baseURL }, info) => {
  const t = T[langOf(info)];
  // Every main screen is photographed and checked for accessibility on the way.
  const look = async (name: string) => {
    await snap(page, info, name);
    await expectAccessible(page, info, name);
  };
  await signUp(page, info);
  await expect(page).toHaveURL(/\/workspaces\/new/);

  // Wizard, step 1: the client's brand.
  await page.getByLabel(t.workspaceName).fill("Café Soleil");
  await page.getByLabel(t.brandName).fill("Café Soleil");
  await page.getByLabel(t.keywords, { exact: true }).fill("cafesoleil");
  await page.getByLabel(t.keywords, { exact: true }).press("Enter");
  await page.getByLabel(t.competitors, { exact: true }).fill("Café Lune");
  await page.getByLabel(t.competitors, { exact: true }).press("Enter");
  await look("02-wizard-brand");
  await page.getByRole("button", { name: t.createContinue }).click();

  // Step 2: a first watch on a feed served locally, tried with the preview before saving.
  await expect(page.getByText(t.step2).first()).toBeVisible();
  await page.getByLabel(t.feedMode).check();
  await page.getByLabel(t.feedUrl).fill(`${baseURL}/demo/feeds/cafe-soleil-social.xml`);
  await page.getByRole("button", { name: t.preview }).click();
  await expect(page.getByText(t.matching).first()).toBeVisible({ timeout: 60_000 });
  await look("03-wizard-watch-preview");
  await page.getByRole("button", { name: t.createWatch }).click();
  await page.getByRole("button", { name: t.next }).click();

  // Step 3: alert rules can wait.
  await page.getByRole("button", { name: t.skip }).click();
  await expect(page.getByRole("heading", { name: t.allSet })).toBeVisible();
  await page.getByRole("link", { name: t.openInbox }).click();

  // Mentions arrive (the watch was collected right away by the worker).
  await expect(async () => {
    await page.reload();
    await expect((await mentionCards(page)).nth(3)).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000, intervals: [2_000] });
  await look("04-inbox");
  const workspaceUrl = page.url().replace(/\/mentions.*$/, "");

  // Triage one mention: status, tag, note.
  const first = (await mentionCards(page)).first();
  await first.getByRole("group", { name: new RegExp(t.statusOf) }).getByRole("button", { name: t.toAnswer }).click();
  await expect(first.getByRole("button", { name: t.toAnswer })).toHaveAttribute("aria-pressed", "true");
  await first.getByRole("button", { name: t.details }).click();
  await first.getByLabel(t.newTag).fill("urgent");
  await first.getByRole("button", { name: t.addTag, exact: true }).click();
  await expect(first.getByText("urgent").first()).toBeVisible();
  await first.getByLabel(t.newNote).fill("Répondre avant midi");
  await first.getByRole("button", { name: t.addNote }).click();
  await expect(first.getByText("Répondre avant midi")).toBeVisible();

  // Bulk: everything loaded is ignored at once.
  await page.getByRole("checkbox", { name: t.selectAll }).check();
  await page.getByLabel(t.setStatus).selectOption("ignored");
  await page.getByRole("button", { name: t.apply }).click();
  await expect(page.getByText(t.updated)).toBeVisible();
  await look("05-inbox-triaged");

  // The other main screens.
  for (const [name, shot] of [[t.dashboard, "06-dashboard"], [t.watches, "07-watches"], [t.alerts, "08-alerts"], [t.apiKeys, "09-api-keys"]] as const) {
    await page.getByRole("navigation").getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await look(shot);
  }

  // Invite a client viewer to this workspace.
  const client = email("client", info);
  await page.getByRole("navigation").getByRole("link", { name: t.members, exact: true }).click();
  await page.getByLabel(t.aClient).check();
  await page.getByLabel(t.clientWorkspace).selectOption({ label: "Café Soleil" });
  await page.getByLabel(t.roleInWorkspace).selectOption("client_viewer");
  await page.getByLabel(t.emailAddress).fill(client);
  await page.getByRole("button", { name: t.sendInvitation }).click();
  await expect(page.getByText(t.invitationSent)).toBeVisible();
  await look("10-members");
  await logOut(page, info);

  // The client opens the link of the mail, creates an account, and sees only that workspace.
  await page.goto(await mailLink(client, "/invitations/accept?token="));
  await page.getByLabel(t.fullName).fill("Claire Client");
  await page.getByLabel(t.password, { exact: true }).fill(PASSWORD);
  await look("11-accept-invitation");
  await page.getByRole("button", { name: t.accept }).click();
  await expect(page).toHaveURL(workspaceUrl);
  await look("12-client-dashboard");
  const nav = page.getByRole("navigation");
  await expect(nav.getByRole("link", { name: t.dashboard })).toBeVisible();
  for (const hidden of [t.mentionsNav, t.watches, t.alerts, t.members, t.apiKeys]) {
    await expect(nav.getByRole("link", { name: hidden, exact: true })).toHaveCount(0);
  }
  await expect(page.getByRole("combobox").filter({ has: page.getByRole("option", { name: "Café Soleil" }) }).getByRole("option")).toHaveCount(1);
  // Typing the address of a page the role may not see shows nothing of it.
  await page.goto(`${workspaceUrl}/mentions`);
  await expect(page.getByText(t.notFound)).toBeVisible();
  await expect(await mentionCards(page)).toHaveCount(0);
});
