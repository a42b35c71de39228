#!/usr/bin/env bash
# Installs what the end-to-end suites need beyond Python packages, from Debian's
# packages and the npm registry. Safe to run again: it skips what is there.
set -euo pipefail

need_apt=()
# (Each end-to-end suite adds the Debian packages it needs here.)

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-system-deps: need root to install ${need_apt[*]} (try: sudo $0)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi
