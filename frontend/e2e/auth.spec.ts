import { expect, test } from "@playwright/test";

import { PASSWORD, langOf, logIn, logOut, mailLink, signUp, snap } from "./support";

test("an agency signs up, verifies its email, signs out, resets its password and signs in", async ({ page }, info) => {
  const en = langOf(info) === "en";
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: en ? "Sign in to Vigie" : "Connexion à Vigie" })).toBeVisible();
  await snap(page, info, "01-login");

  // A wrong password is said in the user's language (the API's stable code), nothing else happens.
  await logIn(page, info, "nobody@example.com", "not the password");
  await expect(page.getByRole("alert")).toHaveText(en ? "Invalid email or password" : "E-mail ou mot de passe incorrect.");
  await expect(page).toHaveURL(/\/login/);

  const address = await signUp(page, info);
  await expect(page).toHaveURL(/\/organizations\/[^/]+\/workspaces\/new/);

  // Email verification through the link of the mail.
  await page.goto("/account");
  await page.getByRole("button", { name: en ? "Send me a verification link" : "M'envoyer un lien de vérification" }).click();
  await expect(page.getByText(en ? "Check your inbox" : "Le lien de vérification est dans")).toBeVisible();
  await page.goto(await mailLink(address, "/verify-email?token="));
  await expect(page.getByText(en ? "Your email address is verified." : "Votre adresse e-mail est vérifiée.")).toBeVisible();
  await page.goto("/account");
  await expect(page.getByText(en ? "Email verified" : "E-mail vérifié")).toBeVisible();

  await logOut(page, info);
  // Signed out, a protected page sends back to the login page.
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login/);

  // Password reset by mail.
  await page.getByRole("link", { name: en ? "Forgot your password?" : "Mot de passe oublié ?" }).click();
  await page.getByLabel(en ? "Email" : "E-mail").fill(address);
  await page.getByRole("button", { name: en ? "Send the link" : "Envoyer le lien" }).click();
  await expect(page.getByRole("status")).toBeVisible();
  await page.goto(await mailLink(address, "/reset-password?token="));
  const newPassword = `${PASSWORD} renewed`;
  await page.getByLabel(en ? "New password" : "Nouveau mot de passe").fill(newPassword);
  await page.getByRole("button", { name: en ? "Save the new password" : "Enregistrer le mot de passe" }).click();
  await expect(page.getByText(en ? "Your password has changed" : "Votre mot de passe a changé")).toBeVisible();

  await logIn(page, info, address, PASSWORD);
  await expect(page.getByRole("alert")).toBeVisible();
  await logIn(page, info, address, newPassword);
  await expect(page).toHaveURL(/\/organizations\//);
});

test("a session survives a reload and an expired access token is refreshed silently", async ({ page }, info) => {
  const en = langOf(info) === "en";
  await page.clock.install();
  await signUp(page, info, "reload");
  await expect(page).toHaveURL(/\/workspaces\/new/);

  // A reload forgets the access token (memory only): the refresh token brings the session back.
  const refreshed = page.waitForResponse((r) => r.url().endsWith("/api/v1/auth/refresh") && r.status() === 200);
  await page.reload();
  await refreshed;
  await expect(page).toHaveURL(/\/workspaces\/new/);

  // Twenty minutes later the 15-minute access token is stale: the next call (switching the
  // language saves it to the profile) rotates it first, and the call itself succeeds.
  await page.clock.fastForward("20:00");
  const rotated = page.waitForResponse((r) => r.url().endsWith("/api/v1/auth/refresh") && r.status() === 200);
  const saved = page.waitForResponse((r) => r.url().endsWith("/api/v1/me") && r.request().method() === "PATCH");
  await page.getByRole("combobox", { name: en ? "Language" : "Langue", exact: true }).selectOption(en ? "fr" : "en");
  await rotated;
  expect((await saved).status()).toBe(200);
  await page.getByRole("link", { name: "Alice Martin" }).click();
  await expect(page.getByRole("heading", { name: en ? "Mon compte" : "My account" })).toBeVisible();
});

test("a session revoked elsewhere ends with a clear message, not an error", async ({ page, request }, info) => {
  const en = langOf(info) === "en";
  await signUp(page, info, "revoked");
  await expect(page).toHaveURL(/\/workspaces\/new/);
  // Someone replays the browser's refresh token: the API revokes the whole login.
  const stolen = await page.evaluate(() => localStorage.getItem("vigie.refresh_token"));
  expect((await request.post("/api/v1/auth/refresh", { data: { refresh_token: stolen } })).status()).toBe(200);
  expect((await request.post("/api/v1/auth/refresh", { data: { refresh_token: stolen } })).status()).toBe(401);

  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("status")).toHaveText(
    en ? "Your session has ended. Please sign in again." : "Votre session a expiré. Merci de vous reconnecter.",
  );
});
