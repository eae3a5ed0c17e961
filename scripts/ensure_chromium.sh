#!/usr/bin/env bash
# The browser tests drive Debian's Chromium: install it when it is missing (as root, or
# through passwordless sudo), or say plainly how to.
set -euo pipefail
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "Chromium is not at $CHROMIUM, and installing it needs root: run 'sudo apt-get install chromium' (or set" >&2
  echo "CHROMIUM_PATH to a Chromium), or run everything but the browser tests with" >&2
  echo ".venv/bin/pytest -m 'not e2e'." >&2
  exit 1
fi
echo "Chromium is not at $CHROMIUM: installing Debian's chromium package (about 500 MB)."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
if [ ! -x "$CHROMIUM" ]; then
  echo "The chromium package is installed, but $CHROMIUM is still missing." >&2
  exit 1
fi
