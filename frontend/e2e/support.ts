import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { expect, type Page, type TestInfo } from "@playwright/test";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Words of the interface in the project's language (the tests read the UI as a user does). */
export type Lang = "en" | "fr";
export const langOf = (info: TestInfo): Lang => (info.project.name === "en" ? "en" : "fr");

/** A unique address per run and project, on a reserved domain. */
export function email(who: string, info: TestInfo): string {
  return `${who}.${info.project.name}.${Date.now()}@example.com`;
}

export const PASSWORD = "correct horse battery staple";

/** The link of the latest mail sent to `address` whose path starts with `path`. */
export async function mailLink(address: string, path: string): Promise<string> {
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      const body = execFileSync(resolve(root, ".venv/bin/python"), [resolve(root, "scripts/e2e_server.py"), "mail", address], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
      const match = body.match(new RegExp(`https?://[^\\s]+${path.replace(/[/?]/g, "\\$&")}[^\\s]*`));
      if (match) return new URL(match[0]).pathname + new URL(match[0]).search;
    } catch {
      // not sent yet: the mail is written when the request commits
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no mail with a ${path} link to ${address}`);
}

/** Saves a full-page screenshot under e2e/screenshots/<project>/<name>.png. */
export async function snap(page: Page, info: TestInfo, name: string): Promise<void> {
  const dir = resolve(root, "frontend/e2e/screenshots", info.project.name);
  mkdirSync(dir, { recursive: true });
  // From the top: a full-page shot of a scrolled page draws the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: resolve(dir, `${name}.png`), fullPage: true });
}

export async function signUp(page: Page, info: TestInfo, who = "owner") {
  const lang = langOf(info);
  const address = email(who, info);
  await page.goto("/signup");
  await page.getByLabel(lang === "en" ? "Your name" : "Votre nom").fill(lang === "en" ? "Alice Martin" : "Alice Martin");
  await page.getByLabel(lang === "en" ? "Agency name" : "Nom de l'agence").fill(`Agence ${info.project.name} ${Date.now()}`);
  await page.getByLabel(lang === "en" ? "Email" : "E-mail").fill(address);
  await page.getByLabel(lang === "en" ? "Password" : "Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: lang === "en" ? "Create my account" : "Créer mon compte" }).click();
  return address;
}

export async function logIn(page: Page, info: TestInfo, address: string, password = PASSWORD) {
  const lang = langOf(info);
  await page.goto("/login");
  await page.getByLabel(lang === "en" ? "Email" : "E-mail").fill(address);
  await page.getByLabel(lang === "en" ? "Password" : "Mot de passe").fill(password);
  await page.getByRole("button", { name: lang === "en" ? "Sign in" : "Se connecter", exact: true }).click();
}

export async function logOut(page: Page, info: TestInfo) {
  await page.getByRole("button", { name: langOf(info) === "en" ? "Sign out" : "Se déconnecter" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/**
 * Accessibility check of the page as it stands (axe-core, WCAG 2.1 A and AA rules): no
 * serious or critical violation. Charts' SVG internals are left to their data tables.
 */
export async function expectAccessible(page: Page, info: TestInfo, screen: string): Promise<void> {
  const { default: AxeBuilder } = await import("@axe-core/playwright");
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .exclude(".recharts-wrapper")
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const summary = serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(summary, `${screen} in ${info.project.name}`).toEqual([]);
}
