declare global {
  interface Window {
    VIGIE_CONFIG?: { apiUrl?: string };
  }
}

/** The API's base URL: `public/config.js` at run time, else the build's VITE_API_URL, else same origin. */
export const apiUrl: string = (
  (typeof window !== "undefined" ? window.VIGIE_CONFIG?.apiUrl : undefined) ||
  import.meta.env.VITE_API_URL ||
  ""
).replace(/\/$/, "");
