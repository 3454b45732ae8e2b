#!/usr/bin/env bash
# Installs what the browser tests of the HTML report need, from Debian's packages:
# chromium (headless rendering) and fonts-noto-cjk (Chinese text). Best effort: where it
# cannot be installed (not root, no apt-get, no network) the browser tests skip.
set -u
if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: chromium / fonts-noto-cjk missing and not installable here; browser tests will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null 2>&1 \
  || echo "note: could not install chromium / fonts-noto-cjk; browser tests will skip" >&2
exit 0
