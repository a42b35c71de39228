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
# The workshop hub (sales-course hub, tests/hub): node + npm for its proxy, setfacl (acl) so
# released feedback is readable by its own trainee only, and Debian's python3-venv for the
# trainees' shared environment when the project's own Python sits in a private folder.
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v setfacl >/dev/null 2>&1 || need_apt+=(acl)
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import ensurepip, venv' 2>/dev/null || need_apt+=(python3-venv)
# Grading untrusted submissions (sales-course grade): bubblewrap runs each trainee's kernel in
# its own mount, PID and network namespaces, as root or not.
command -v bwrap >/dev/null 2>&1 || need_apt+=(bubblewrap)

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-system-deps: need root to install ${need_apt[*]} (try: sudo $0)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# JupyterHub's proxy, pinned, from npm into the virtualenv (course/workshop/hub.py looks there first).
PROXY_VERSION=4.6.3
proxy_prefix="${VENV:-$(cd "$(dirname "$0")/.." && pwd)/.venv}/node"
if [ ! -x "$proxy_prefix/node_modules/.bin/configurable-http-proxy" ] \
   || ! grep -q "\"version\": \"$PROXY_VERSION\"" "$proxy_prefix/node_modules/configurable-http-proxy/package.json"; then
  npm install --silent --no-audit --no-fund --prefix "$proxy_prefix" "configurable-http-proxy@$PROXY_VERSION"
fi
