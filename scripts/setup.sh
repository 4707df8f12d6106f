#!/usr/bin/env bash
# Installs what gradproof needs on a fresh Debian machine with Python 3.11: the TeX engine and CJK
# fonts for PDF reports, Chromium and poppler for the report tests, the C compiler the trainer
# builds its SymPy-printed kernels with, the default training corpus, then a virtual environment in
# .venv with gradproof and its test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  texlive-xetex texlive-latex-recommended texlive-lang-chinese fonts-noto-cjk  # PDF reports, Chinese prose
  poppler-utils chromium                                                       # report tests: pdftotext, headless screenshots
  gcc libc6-dev                                                                # compiles the per-pair training loop
  dict-gcide                                                                   # the default training corpus
)
missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: not root or no apt-get; PDF reports and some tests need: ${missing[*]}" >&2
  fi
fi

python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip >/dev/null
.venv/bin/pip install -q -e '.[test]'
