// Where the SPA finds the API. Empty: the same origin (the embedded default serves both).
// A static deployment overwrites this file, e.g. window.VIGIE_CONFIG = { apiUrl: "https://api.example.com" }
window.VIGIE_CONFIG = { apiUrl: "" };
