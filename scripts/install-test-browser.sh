#!/usr/bin/env bash
# Installs what the real-client tests of the reports need, from Debian's packages:
# chromium (headless rendering of the HTML report), fonts-noto-cjk (Chinese text),
# libreoffice-calc (the xlsx reports converted to PDF), fonts-crosextra-carlito (metric
# twin of Calibri, the workbooks' font, so columns and wraps come out as in Excel/WPS) and
# poppler-utils (pdftotext, pdftoppm: reading those PDFs), and Pango, which WeasyPrint lays out
# the PDF review sheet with. Best effort: where a package
# cannot be installed (not root, no apt-get, no network) the tests that need it skip.
set -u
have_all() {
  command -v chromium >/dev/null 2>&1 \
    && fc-list 2>/dev/null | grep -qi "Noto Sans CJK" \
    && command -v soffice >/dev/null 2>&1 \
    && command -v pdftotext >/dev/null 2>&1 \
    && command -v pdftoppm >/dev/null 2>&1 \
    && fc-list 2>/dev/null | grep -qi "Carlito" \
    && ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0"
}
if have_all; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: chromium / fonts-noto-cjk / libreoffice-calc / poppler-utils / carlito missing and not installable here; the tests that need them will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null 2>&1 \
  || echo "note: could not install chromium / fonts-noto-cjk; browser tests will skip" >&2
apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fontconfig >/dev/null 2>&1 \
  || echo "note: could not install Pango; the PDF report (check --format pdf) and its tests will not work" >&2
apt-get install -y -qq --no-install-recommends libreoffice-calc fonts-crosextra-carlito poppler-utils >/dev/null 2>&1 \
  || echo "note: could not install libreoffice-calc / fonts-crosextra-carlito / poppler-utils; spreadsheet print tests will skip" >&2
exit 0
