import { defineConfig } from "@playwright/test";

// Browser tests in Debian's chromium (installed by `./scripts/dev test`, never downloaded by
// Playwright) against the real API, worker and built SPA started by scripts/e2e_server.py.
const port = process.env.E2E_PORT ?? "8123";
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  timeout: 180_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "en", use: { locale: "en-GB", timezoneId: "Europe/London" }, testIgnore: /phone\.spec\.ts/ },
    { name: "fr", use: { locale: "fr-FR", timezoneId: "Europe/Paris" }, testIgnore: /phone\.spec\.ts/ },
    { name: "phone", use: { locale: "fr-FR", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, testMatch: /phone\.spec\.ts/ },
  ],
  webServer: {
    command: "../.venv/bin/python ../scripts/e2e_server.py serve",
    url: `${baseURL}/readyz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
});
