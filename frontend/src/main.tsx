import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";

import { resources } from "@/app/i18n";
import { Providers } from "@/app/providers";
import { router } from "@/app/router";
import { setupI18n } from "@/lib/i18n";

import "./styles.css";

await setupI18n(resources);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Providers>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>,
);
