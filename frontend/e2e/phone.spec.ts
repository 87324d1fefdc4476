import { expect, test, type Page } from "@playwright/test";

import { signUp, snap } from "./support";

// Clients open Vigie from a link in an email, often on a phone (French interface here).
async function fitsTheScreen(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("on a phone: sign up, onboard a workspace, use the menu and the inbox filters", async ({ page }, info) => {
  await signUp(page, info, "phone");
  await expect(page).toHaveURL(/\/workspaces\/new/);
  await fitsTheScreen(page);
  await page.getByLabel("Nom de l'espace").fill("Boulangerie Lumière");
  await page.getByLabel("Nom de la marque").fill("Boulangerie Lumière");
  await page.getByRole("button", { name: "Créer et continuer" }).click();
  await page.getByRole("button", { name: "Passer cette étape" }).click();
  await page.getByRole("button", { name: "Passer cette étape" }).click();
  await page.getByRole("link", { name: "Ouvrir le tableau de bord" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Boulangerie Lumière" })).toBeVisible();
  await fitsTheScreen(page);
  await snap(page, info, "phone-dashboard");

  // The navigation hides behind the menu button and says whether it is open.
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(page.getByRole("navigation").getByRole("link", { name: "Mentions" })).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await snap(page, info, "phone-menu");
  await page.getByRole("navigation").getByRole("link", { name: "Mentions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mentions" })).toBeVisible();
  await fitsTheScreen(page);
  await page.locator("summary", { hasText: "Filtres" }).click(); // a <details> disclosure
  await expect(page.getByLabel("Veille")).toBeVisible();
  await snap(page, info, "phone-inbox-filters");

  // After each navigation the page's heading takes focus, so screen readers announce it.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Mentions" })).toBeFocused();
});
