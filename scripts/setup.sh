#!/usr/bin/env bash
# Installs what the pipeline needs on a Debian bookworm machine. Idempotent: every step checks first.
# Runs as root (CI) or with sudo available.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
PG_CONFIG=$PG_BIN/pg_config
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${PIPELINE_SETUP_CACHE:-$here/.data/setup}"

log() { printf '[setup] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_updated -eq 0 ]; then
    log "apt-get update"
    as_root apt-get update -qq >/dev/null
    apt_updated=1
  fi
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_postgres() {
  if [ ! -x "$PG_BIN/initdb" ]; then
    apt_install postgresql-15
  fi
}

ensure_pgvector() {
  local sharedir
  sharedir="$("$PG_CONFIG" --sharedir 2>/dev/null || echo /usr/share/postgresql/15)"
  if [ -f "$sharedir/extension/vector.control" ] && [ -f "$("$PG_CONFIG" --pkglibdir 2>/dev/null || echo /usr/lib/postgresql/15/lib)/vector.so" ]; then
    return 0
  fi
  # bookworm has no pgvector package: build Debian's own trixie source package against our server.
  apt_install postgresql-server-dev-15 build-essential dpkg-dev
  sharedir="$("$PG_CONFIG" --sharedir)"
  local src="$cache/pgvector-src"
  mkdir -p "$src/lists/partial" "$src/sources"
  local uri
  uri="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  [ -n "$uri" ] || uri="http://deb.debian.org/debian"
  cat > "$src/sources/trixie-src.sources" <<SRC
Types: deb-src
URIs: $uri
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  local aptopts=(-o "Dir::Etc::SourceParts=$src/sources" -o "Dir::Etc::SourceList=/dev/null" -o "Dir::State::Lists=$src/lists")
  if ! ls "$src"/pgvector_*.orig.tar.* >/dev/null 2>&1; then
    log "fetching pgvector source package (Debian trixie)"
    apt-get "${aptopts[@]}" update -qq >/dev/null
    (cd "$src" && apt-get "${aptopts[@]}" source --download-only pgvector >/dev/null)
  fi
  local tarball
  tarball="$(ls "$src"/pgvector_*.orig.tar.* | head -n1)"
  rm -rf "$src/build" && mkdir -p "$src/build"
  tar -xf "$tarball" -C "$src/build" --strip-components=1
  log "building pgvector from $(basename "$tarball")"
  make -s -C "$src/build" PG_CONFIG="$PG_CONFIG" OPTFLAGS="" >/dev/null
  as_root make -s -C "$src/build" PG_CONFIG="$PG_CONFIG" install >/dev/null
  test -f "$sharedir/extension/vector.control"
}

ensure_tools() {
  # pdftotext is the bench baseline for text-layer extraction; pdftoppm renders pages for OCR.
  # poppler-data maps the CID fonts of Chinese/Japanese/Korean PDFs; without it pdftotext drops all their text,
  # and the reading-order guard compares our extraction with pdftotext's.
  command -v pdftotext >/dev/null 2>&1 || apt_install poppler-utils
  apt_install poppler-data
  # OCR fallback for scanned pages: the engine, English, and orientation/script detection (rotated scans).
  apt_install tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd
  # Headless browser for the dashboard tests (Playwright drives the system chromium; no browser download).
  apt_install chromium
}

ensure_dotnet() {
  command -v dotnet >/dev/null 2>&1 || { log "the .NET 10 SDK is required (dotnet not on PATH)"; exit 1; }
}

ensure_postgres
ensure_pgvector
ensure_tools
ensure_dotnet
log "ok"
