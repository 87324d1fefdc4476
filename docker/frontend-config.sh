#!/bin/sh
# Writes the SPA's run-time settings (public/config.js) from the container's environment.
set -eu
api_url=$(printf '%s' "${VIGIE_API_URL:-}" | sed 's/["\\]//g')
printf 'window.VIGIE_CONFIG = { apiUrl: "%s" };\n' "$api_url" > /usr/share/nginx/html/config.js
