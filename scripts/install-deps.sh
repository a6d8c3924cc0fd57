#!/usr/bin/env bash
# Installs the Debian 12 packages zorglandschap needs to build, test and benchmark.
# Idempotent: asks apt only for what is missing. Runs apt through sudo when not root.
set -euo pipefail

BUILD_PKGS=(build-essential cmake pkg-config git ca-certificates
  libsqlite3-dev sqlite3 libxml2-dev libjansson-dev libmicrohttpd-dev libglpk-dev
  libsodium-dev zlib1g-dev libcmocka-dev python3 curl
  libgsl-dev libreadosm-dev libcairo2-dev libxlsxwriter-dev
  clang libclang-rt-14-dev tidy poppler-utils
  libpq-dev postgresql)
EXTRA_PKGS=()
# Node and npm vendor the browser libraries at build time (web/vendor); any working
# installation will do (a machine may carry NodeSource's nodejs, which bundles npm and
# conflicts with Debian's npm package), so Debian's are installed only when missing.
command -v node >/dev/null && command -v npm >/dev/null || BUILD_PKGS+=(nodejs npm)
for arg in "$@"; do
  case "$arg" in
    --browser)
      # openpyxl opens the .xlsx exports in the browser tests.
      EXTRA_PKGS+=(chromium python3-openpyxl) ;;
    --bench) EXTRA_PKGS+=(wrk nginx-light hyperfine time curl
      # bench/routing builds OSRM v5.27.1 from source: its Debian 12 build dependencies
      g++ libboost-date-time-dev libboost-chrono-dev libboost-filesystem-dev
      libboost-iostreams-dev libboost-program-options-dev libboost-regex-dev
      libboost-system-dev libboost-thread-dev libboost-test-dev libtbb-dev liblua5.2-dev
      lua5.2 libexpat1-dev libbz2-dev libzip-dev
      # bench/report: headless Chromium prints the report's HTML as the reference
      chromium) ;;
    *) echo "install-deps.sh: unknown option '$arg' (use --browser, --bench)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${BUILD_PKGS[@]}" "${EXTRA_PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
