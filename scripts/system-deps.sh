#!/usr/bin/env bash
# Installs the Debian packages brochure needs, only those missing (root or sudo required once).
#   libharfbuzz-subset0  fast font subsetting in WeasyPrint (~8x faster PDF writing)
#   libpango-1.0-0 libpangoft2-1.0-0 libcairo2  WeasyPrint text layout; SVG rasterising
#   poppler-utils qpdf   pdftoppm/pdffonts and qpdf --check (tests, preview)
#   libreoffice-impress  the real client that opens decks (tests, preview)
#   fonts-noto-core fonts-droid-fallback  the shipped fonts, installed for LibreOffice previews
#   pandoc               the peer pipeline in the benchmark
set -euo pipefail
packages=(libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 libcairo2 poppler-utils qpdf
          libreoffice-impress fonts-noto-core fonts-droid-fallback pandoc)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
