#!/usr/bin/env bash
# lr-anneal: the one entry point for building, serving, testing and benchmarking.
# Run `./build.sh help` for the subcommands. Installs what it needs (and skips
# what is already there): the wasm32 target, wasm-bindgen-cli (into .tools/),
# npm packages (tests/node_modules) and, for test/bench, Chromium + chromedriver.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

WASM_TARGET=wasm32-unknown-unknown
CRATE_LIB=lr_anneal
CRATE_BIN=lr-anneal
PKG_DIR=www/pkg
TOOLS="$ROOT/.tools"
TESTS="$ROOT/tests"
WASM_OPT="$TESTS/node_modules/.bin/wasm-opt"
SIRV="$TESTS/node_modules/.bin/sirv"
TSC="$TESTS/node_modules/.bin/tsc"
ARTIFACTS="$TESTS/artifacts"
# wasm-opt's passes for the page's module. -Oz with one-caller inlining off (-ocimfs 0) and run
# to convergence: measured 181.9 KB gzip against 201.7 KB for plain -Oz (inlining every function
# with one caller makes the module smaller raw but much worse to gzip), 185.0 KB for
# `--dce --vacuum` and 182.3 KB for `-Os -ocimfs 0`. --strip-producers drops the toolchain
# names (0.1 KB).
WASM_OPT_FLAGS="${WASM_OPT_FLAGS:--Oz -ocimfs 0 --converge --strip-producers}"

export PATH="$TOOLS/bin:$PATH"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

usage() {
  cat <<EOF
Usage: ./build.sh [SUBCOMMAND]

  build    (default) build the wasm module (profile 'web'), run wasm-bindgen into
           $PKG_DIR/ (with its .d.ts) and wasm-opt; write www/index.html from
           www/index.template.html with the first screen prerendered by the native
           core (lr-anneal prerender); compress the site's files (.gz, .br)
  serve    build, then serve www/ on http://127.0.0.1:\$PORT/ (PORT default 8000) as a
           static host does: compressed, with Access-Control-Allow-Origin: *
  test     fmt, clippy (native + wasm32), cargo test (native), build, the page's
           scripts checked against the module's declarations (tsc --noEmit), cargo test
           on wasm32 (wasm-bindgen-test-runner, headless Chromium), browser e2e tests
           (node --test tests/e2e/*.test.mjs against a local server)
  bench    cargo bench --bench montecarlo; build the module and the prerendered,
           compressed page as 'build' does; serve www/ and a blank page side by side
           and run tests/bench/browser-bench.mjs: timed inside the page against the
           blank page, navigation to the first screen painted and to ready, key press
           to painted frame on each slider (1x and 4x CPU), bytes before the first
           screen and in all, Lighthouse (mobile), Monte Carlo native/wasm/NumPy; a
           table with issue 16's targets, tests/artifacts/bench.json.
           Env: BENCH_NAVIGATIONS (20), BENCH_UPDATES (40), BENCH_LIGHTHOUSE_RUNS (3),
           BENCH_MC=0, BENCH_CARGO=0 (skip cargo bench), BENCH_TRACE=1 (Chrome traces of a
           load and an update, main-thread time by kind)
  help     this text

Tools are installed on first use: rustup target $WASM_TARGET, wasm-bindgen-cli
(into .tools/, version pinned in Cargo.toml), npm packages (tests/, npm ci) and,
for test/bench, chromium + chromium-driver (and, for test, poppler-utils) via apt-get
(needs root).
EOF
}

# ---------------------------------------------------------------- output ----
STEP=""
header() {
  STEP="$*"
  printf '\n==> %s\n' "$*"
}
info() { printf '    %s\n' "$*"; }
die() {
  printf 'build.sh: error: %s\n' "$*" >&2
  exit 1
}

# Background processes to stop on exit (the static servers).
BG_PIDS=()
# Temporary folders to remove on exit (the benchmark's blank site).
TMP_DIRS=()
on_exit() {
  local rc=$?
  local pid
  for pid in "${BG_PIDS[@]+"${BG_PIDS[@]}"}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  local dir
  for dir in "${TMP_DIRS[@]+"${TMP_DIRS[@]}"}"; do
    rm -rf "$dir"
  done
  if [[ $rc -ne 0 && -n "$STEP" ]]; then
    printf '\nbuild.sh: FAILED (exit %d) during: %s\n' "$rc" "$STEP" >&2
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ----------------------------------------------------------------- tools ----
ensure_rust() {
  command -v cargo >/dev/null || die "cargo not found on PATH (install rustup, or source ~/.cargo/env)"
  if command -v rustup >/dev/null; then
    if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
      header "Installing rustup target $WASM_TARGET"
      rustup target add "$WASM_TARGET"
    fi
    local installed missing=()
    installed="$(rustup component list --installed 2>/dev/null || true)"
    grep -q '^rustfmt' <<<"$installed" || missing+=(rustfmt)
    grep -q '^clippy' <<<"$installed" || missing+=(clippy)
    if [[ ${#missing[@]} -gt 0 ]]; then
      header "Installing rustup components: ${missing[*]}"
      rustup component add "${missing[@]}"
    fi
  fi
}

# The wasm-bindgen version pinned in Cargo.toml (`wasm-bindgen = "=X.Y.Z"` or
# `wasm-bindgen = { version = "=X.Y.Z", ... }`).
wasm_bindgen_version() {
  local v
  v="$(sed -nE 's/^[[:space:]]*wasm-bindgen[[:space:]]*=[[:space:]]*(\{[^}]*version[[:space:]]*=[[:space:]]*)?"=?[[:space:]]*([0-9]+\.[0-9]+\.[0-9]+)".*/\2/p' Cargo.toml | head -n1)"
  [[ -n "$v" ]] || die "could not find the wasm-bindgen version in Cargo.toml"
  printf '%s\n' "$v"
}

ensure_wasm_bindgen() {
  local want have=""
  want="$(wasm_bindgen_version)"
  if [[ -x "$TOOLS/bin/wasm-bindgen" ]]; then
    have="$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}')" || have=""
  fi
  if [[ "$have" != "$want" || ! -x "$TOOLS/bin/wasm-bindgen-test-runner" ]]; then
    header "Installing wasm-bindgen-cli $want into .tools/ (takes a few minutes)"
    # No --locked: a locked dependency version is missing from the registry mirror.
    cargo install wasm-bindgen-cli --version "$want" --root "$TOOLS" --force
  fi
}

ensure_npm() {
  command -v npm >/dev/null || die "npm not found (install Node.js 20+)"
  # npm ci writes node_modules/.package-lock.json; compare it with the lock file.
  if [[ ! -d "$TESTS/node_modules" || ! -f "$TESTS/node_modules/.package-lock.json" ||
    "$TESTS/package-lock.json" -nt "$TESTS/node_modules/.package-lock.json" || ! -x "$WASM_OPT" ||
    ! -x "$SIRV" || ! -x "$TSC" ]]; then
    header "Installing npm packages (npm ci in tests/)"
    (cd "$TESTS" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Installs Debian packages $2... (what for: $1) with apt-get, which needs root.
apt_install() {
  local what="$1"
  shift
  header "Installing $* (apt-get: $what)"
  if [[ "$(id -u)" -ne 0 ]]; then
    die "$what is missing and installing it needs root: run as root, or: sudo apt-get install -y $*"
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "$@"
}

ensure_chromium() {
  if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    return 0
  fi
  apt_install "/usr/bin/chromium or /usr/bin/chromedriver" chromium chromium-driver
}

# pdftotext and pdftoppm (Debian's poppler-utils): the print test reads the PDF the page prints.
ensure_poppler() {
  if command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null; then
    return 0
  fi
  apt_install "pdftotext or pdftoppm, for the print test" poppler-utils
}

ensure_build_tools() {
  ensure_rust
  ensure_wasm_bindgen
  ensure_npm
}

# ----------------------------------------------------------------- build ----
file_size() { wc -c <"$1" | tr -d ' '; }

# The page's one wasm module (src/web): the page and its Monte Carlo worker both instantiate it.
build_wasm() {
  rm -rf "$PKG_DIR"
  local dir="target"
  header "Building the wasm module (cargo build --profile web --target $WASM_TARGET --lib)"
  cargo build --profile web --target "$WASM_TARGET" --lib

  header "wasm-bindgen --target web -> $PKG_DIR/"
  wasm-bindgen --target web --remove-name-section --out-dir "$PKG_DIR" --out-name "$CRATE_LIB" \
    "$dir/$WASM_TARGET/web/$CRATE_LIB.wasm"

  local wasm="$PKG_DIR/${CRATE_LIB}_bg.wasm"
  local before
  before="$(file_size "$wasm")"
  header "wasm-opt $WASM_OPT_FLAGS $wasm"
  # shellcheck disable=SC2086
  "$WASM_OPT" $WASM_OPT_FLAGS "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"

  local raw gz
  raw="$(file_size "$wasm")"
  gz="$(gzip -9c "$wasm" | wc -c | tr -d ' ')"
  info "before wasm-opt: $before bytes"
  info "final $wasm: $raw bytes raw, $gz bytes gzip (-9)"
}

# The served page: www/index.html from its source, with the first screen prerendered by the
# native core, and every file a reader loads compressed beside it (as static hosts serve them).
build_page() {
  build_cli
  header "Prerendering www/index.html (lr-anneal prerender www/index.template.html www/boot.js)"
  "$LR_ANNEAL_BIN" prerender www/index.template.html www/boot.js >www/index.html.part
  mv www/index.html.part www/index.html
  info "www/index.html: $(file_size www/index.html) bytes, $(gzip -9c www/index.html | wc -c | tr -d ' ') gzip (-9)"
  header "Compressing the site's files (tests/tools/precompress.mjs)"
  node "$TESTS/tools/precompress.mjs" www
}

# ---------------------------------------------------------------- server ----
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Serves folder $1 (default www) on 127.0.0.1:$2 as a static host does: the right MIME types,
# the pre-compressed files to a browser that accepts them (gzip or brotli), and CORS for every
# file (Access-Control-Allow-Origin: *: a sandboxed iframe's opaque origin loads the module that
# way); $3... more sirv flags.
# It execs the server: run it in the background (start_server), where the subshell becomes the
# server, so that the pid the exit trap kills is the server's (a subshell killed leaves its child
# running), or last (serve).
serve_dir() {
  # Links hold the whole state: allow long ones (Node's default header limit is 16 KB).
  NODE_OPTIONS="--max-http-header-size=65536" exec "$SIRV" "$1" --host 127.0.0.1 --port "$2" --cors --gzip --brotli --etag "${@:3}"
}

# Serves folder $1 (default www) in the background on a free port; sets and exports the
# variable named $2 (default BASE_URL) to its URL.
start_server() {
  local dir="${1:-www}" var="${2:-BASE_URL}" port log url
  port="$(free_port)"
  mkdir -p "$ARTIFACTS"
  log="$ARTIFACTS/http-server.log"
  [[ "$var" == BASE_URL ]] || log="$ARTIFACTS/http-server-$(tr '[:upper:]' '[:lower:]' <<<"${var%_URL}").log"
  serve_dir "$dir" "$port" --quiet >"$log" 2>&1 &
  BG_PIDS+=("$!")
  url="http://127.0.0.1:$port/"
  export "$var=$url"
  local i
  for i in $(seq 1 100); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$url" 2>/dev/null; then
      info "serving $dir/ at $url (pid ${BG_PIDS[-1]}, log ${log#"$ROOT"/})"
      return 0
    fi
    kill -0 "${BG_PIDS[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  cat "$log" >&2 || true
  die "static server did not come up on $url (does $dir/index.html exist?)"
}

# Stops the server start_server started last.
stop_server() {
  local pid="${BG_PIDS[-1]}"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset 'BG_PIDS[-1]'
}

# ----------------------------------------------------------- subcommands ----
cmd_build() {
  ensure_build_tools
  build_wasm
  build_page
  build_og_image
}

# www/og-image.png, the link-preview card, drawn by the page itself (needs Chromium: skipped,
# with a note, where it is missing; `./build.sh test` installs it).
build_og_image() {
  if [[ ! -x "$CHROMIUM_PATH" ]]; then
    info "no $CHROMIUM_PATH: www/og-image.png not drawn (./build.sh test installs Chromium)"
    return 0
  fi
  header "Drawing www/og-image.png (Figure 1, 1200x630, in headless Chromium)"
  start_server
  node "$TESTS/tools/og-image.mjs" "$BASE_URL" "$ROOT/www/og-image.png"
  info "www/og-image.png: $(file_size www/og-image.png) bytes"
  stop_server
}

cmd_serve() {
  local port="${PORT:-8000}"
  cmd_build
  header "Serving www/ (sirv: compressed, with CORS)"
  echo "http://127.0.0.1:$port/"
  STEP=""
  serve_dir www "$port"
}

build_cli() {
  header "Building native release binary (cargo build --release --bin $CRATE_BIN)"
  cargo build --release --bin "$CRATE_BIN"
  export LR_ANNEAL_BIN="$ROOT/target/release/$CRATE_BIN"
  info "LR_ANNEAL_BIN=$LR_ANNEAL_BIN"
}

cmd_test() {
  ensure_build_tools
  ensure_chromium
  ensure_poppler
  export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$TOOLS/bin/wasm-bindgen-test-runner"

  header "cargo fmt --check"
  cargo fmt --check

  header "cargo clippy --all-targets -- -D warnings (native)"
  cargo clippy --all-targets -- -D warnings

  header "cargo clippy --all-targets --target $WASM_TARGET -- -D warnings"
  cargo clippy --all-targets --target "$WASM_TARGET" -- -D warnings

  header "cargo test (native)"
  cargo test

  build_wasm
  build_page
  build_og_image

  header "The page's scripts against the module's declarations (tsc --noEmit -p www/jsconfig.json)"
  "$TSC" --noEmit -p www/jsconfig.json

  header "cargo test --target $WASM_TARGET (wasm-bindgen-test-runner, headless Chromium)"
  cargo test --target "$WASM_TARGET"

  local e2e=()
  shopt -s nullglob
  e2e=("$TESTS"/e2e/*.test.mjs)
  shopt -u nullglob
  if [[ ${#e2e[@]} -eq 0 ]]; then
    header "Browser end-to-end tests"
    info "no tests/e2e/*.test.mjs yet: skipped"
  else
    build_cli
    header "Browser end-to-end tests (node --test, ${#e2e[@]} file(s))"
    start_server
    (cd "$TESTS" && node --test "${e2e[@]#"$TESTS"/}")
  fi

  STEP=""
  printf '\n==> All tests passed\n'
}

# A blank page beside the site in the benchmark: tests/bench/blank/index.html, compressed and
# served like www/ by a second server of the same kind (no request is intercepted); sets BLANK_URL.
start_blank_server() {
  local dir
  dir="$(mktemp -d)"
  TMP_DIRS+=("$dir")
  cp "$TESTS/bench/blank/index.html" "$dir/index.html"
  node "$TESTS/tools/precompress.mjs" "$dir" >/dev/null
  start_server "$dir" BLANK_URL
}

cmd_bench() {
  ensure_build_tools
  ensure_chromium
  if [[ "${BENCH_CARGO:-1}" != 0 ]]; then
    header "cargo bench --bench montecarlo (native)"
    cargo bench --bench montecarlo
  fi
  # The vectorized NumPy peer of the Monte Carlo benchmark (tests/bench/mc_numpy.py).
  if ! python3 -c 'import numpy' 2>/dev/null; then
    header "Installing numpy (pip) for the NumPy peer"
    python3 -m pip install --quiet numpy
  fi
  # What `./build.sh build` serves: the module, the prerendered page, compressed (build_page
  # builds the native binary the benchmark also runs).
  build_wasm
  build_page
  header "Browser benchmark (node tests/bench/browser-bench.mjs)"
  start_server
  start_blank_server
  node "$TESTS/bench/browser-bench.mjs"
  STEP=""
}

main() {
  local cmd="${1:-build}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    build) cmd_build "$@" ;;
    serve) cmd_serve "$@" ;;
    test) cmd_test "$@" ;;
    bench) cmd_bench "$@" ;;
    help | -h | --help) usage ;;
    *)
      printf 'build.sh: unknown subcommand: %s\n\n' "$cmd" >&2
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
