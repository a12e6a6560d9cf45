# Debian 12 packages jobmond needs, and a function that installs the missing ones.
# Sourced by scripts/run and scripts/test; see docs/dependencies.md §1 for why each is here.

JOBMOND_BUILD_PACKAGES=(
  cmake ninja-build pkg-config g++ libboost-dev libpistache-dev rapidjson-dev libsoci-dev
  libsqlite3-dev libpq-dev libmariadb-dev libjwt-dev libssl-dev libspdlog-dev
)
JOBMOND_TEST_PACKAGES=(
  libgtest-dev libgmock-dev postgresql-15 mariadb-server clang-format
  # the scale-out test: replicas behind a load balancer (tests/scaleout)
  nginx-light
  # the fuzzing stage (scripts/fuzz): clang with libFuzzer and the sanitizer runtimes
  clang libclang-rt-14-dev
  # the API docs page, loaded by a headless browser in tests/host/docs_test.cc
  chromium
  # the real Jobmon client, run end to end by tests/e2e
  python3 python3-requests python3-pandas python3-yaml python3-tenacity python3-psutil
  python3-aiohttp python3-sphinx python3-tabulate python3-dotenv python3-docutils
  # the client's own workflow reaper tests (tests/e2e/run_reaper_client_tests.sh)
  python3-pytest python3-sqlalchemy python3-mock
  # the Jobmon 3.6 client (structlog, click) and the clients' own suites
  # (tests/e2e/run_client_suites.sh: pytest-mock, pytest-asyncio)
  python3-structlog python3-click python3-pytest-mock python3-pytest-asyncio
)

# ensure_packages PKG...: installs whatever is missing (as root), or prints the exact apt-get line
# and fails when not root.
ensure_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "jobmond needs these Debian packages. Install them as root with:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    return 1
  fi
  echo "Installing: ${missing[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
