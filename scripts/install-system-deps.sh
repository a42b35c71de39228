#!/usr/bin/env bash
# Installs what the end-to-end suites need beyond Python packages, from Debian's
# packages and the npm registry. Safe to run again: it skips what is there.
set -euo pipefail

need_apt=()
# (Each end-to-end suite adds the Debian packages it needs here.)
# The browser suite (tests/e2e) drives Debian's Chromium with Playwright: Playwright's own
# browser download needs a CDN that restricted networks block. A font with the check
# marks (✓ ✗) keeps the screenshots legible.
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if ! fc-list 2>/dev/null | grep -qi 'DejaVu Sans'; then need_apt+=(fonts-dejavu-core fontconfig); fi

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-system-deps: need root to install ${need_apt[*]} (try: sudo $0)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

