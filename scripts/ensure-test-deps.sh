#!/usr/bin/env bash
# Makes sure the machine has what the tests drive for real: Debian's Chromium (browser tests), the
# PostgreSQL server binaries (the integration suite on a real server), bubblewrap and the interpreters the
# workspace sandbox runs (Debian's python3 with pandas and matplotlib, R's Rscript: about 560 MB installed;
# PyPI and CRAN are not used). Installs them with apt-get when run as root on Debian; otherwise says
# exactly what is missing.
set -u
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
pg_ok=no
if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then pg_ok=yes; fi
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && pg_ok=yes
[ "$pg_ok" = yes ] || missing+=(postgresql)
if ! command -v bwrap >/dev/null 2>&1; then missing+=(bubblewrap); fi
# The sandbox uses Debian's own interpreters by absolute path (a pyenv python3 on PATH does not count).
[ -x /usr/bin/python3 ] || missing+=(python3)
[ -d /usr/lib/python3/dist-packages/pandas ] || missing+=(python3-pandas)
[ -d /usr/lib/python3/dist-packages/matplotlib ] || missing+=(python3-matplotlib)
[ -x /usr/bin/Rscript ] || missing+=(r-base-core)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages the tests need: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || {
    echo "apt-get could not install: ${missing[*]}" >&2
    exit 1
  }
  exit 0
fi
echo "The tests need these Debian packages, which are missing: ${missing[*]}" >&2
echo "Install them with: sudo apt-get install ${missing[*]}" >&2
exit 1
