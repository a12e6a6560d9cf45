#!/usr/bin/env bash
# The Jobmon client's own test suites against jobmond, by hand or from ctest:
#
#   run_client_suites.sh JOBMOND_BINARY PLUGIN_DIR ROUTE_PREFIX [SUITE...] [-- PYTEST_ARGS...]
#
# E2E_CLIENT chooses the generation (client_env.sh says where its sources are): 3.6 (its suites
# talk to /api/v3 only) or 3.4 (/api/v2 or /api/v3). SUITE is a path under the sources' tests/ (a
# directory, a file or a file::test node); without one, the suites that drive a server through
# the client run:
#   3.6  tests/e2e tests/integration/{client,distributor,cli} tests/unit/client
#   3.4  tests/{end_to_end,client,core,distributor,cli,swarm,worker_node,plugins}
#        (not tests/server, the Python server's own; tests/workflow_reaper has its own script,
#        run_reaper_client_tests.sh).
# With SUITES_ALLOW_FAIL=1 the script exits 0 whatever the tests did (for measuring; it still
# prints the counts); otherwise with pytest's status. SUITES_JUNIT=FILE keeps pytest's JUnit XML.
#
# The suites start their own Python server; here they get jobmond instead, through an overlay: a
# copy of the sources' tests/ in a scratch directory in which the fixtures that start the server
# and open its database are replaced by ones written below (nothing of them is copied from the
# sources):
#   3.6  fixtures/server.py: `web_server_process` is jobmond, already listening (`client_env`,
#        `requester_no_retry` as the suites define them); fixtures/database.py: `db_engine` is an
#        SQLAlchemy engine on the SQLite file jobmond serves, for the tests that stage rows
#        directly (jobmond made the schema and its metadata rows).
#   3.4  the fixtures live in tests/conftest.py: it is moved aside, and a conftest that imports
#        the suites' client-side fixtures from it (`client_env`, `tool`, ...) defines
#        `web_server_process`, `db_engine` and `api_prefix` the same way.
# The suites' root conftest sets their environment only when it starts a server of its own, so
# the script sets the same variables itself, pointing the database URI at jobmond's file. jobmond
# gets the heartbeat settings the suites give their own server (task instances report every
# second).
#
# Inputs, each skipped with a message (exit 77) when absent: the client's sources, jobmon_server
# included (the tests import its models); docstring_parser ($JOBMON_CLIENT_PYDEPS, default
# /work/pydeps); a pure-Python SQLAlchemy 2.0 ($JOBMON_CLIENT_SA2, default /work/pydeps-sa2: the
# server models need 2.0, Debian 12 has 1.4); Debian's python3 with pytest, pytest-mock and
# pytest-asyncio.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
binary="$1"; plugin_dir="$2"; prefix="$3"; shift 3
suites=()
pytest_args=()
while [ $# -gt 0 ]; do
  if [ "$1" = -- ]; then shift; pytest_args=("$@"); break; fi
  suites+=("$1"); shift
done

# shellcheck source=client_env.sh
source "$here/client_env.sh"
if [ "$client_generation" = 3.6 ] && [ "$prefix" != /api/v3 ]; then
  echo "the 3.6 client's suites talk to /api/v3 only, not $prefix" >&2; exit 2
fi
if [ ${#suites[@]} -eq 0 ]; then
  if [ "$client_generation" = 3.6 ]; then
    suites=(tests/e2e tests/integration/client tests/integration/distributor tests/integration/cli
            tests/unit/client)
  else
    suites=(tests/end_to_end tests/client tests/core tests/distributor tests/cli tests/swarm
            tests/worker_node tests/plugins)
  fi
fi
sa2="${JOBMON_CLIENT_SA2:-/work/pydeps-sa2}"
if [ ! -f "$src/tests/conftest.py" ] || [ ! -d "$src/jobmon_server/src/jobmon/server/web/models" ]; then
  echo "SKIPPED: the Jobmon $client_generation sources' tests and server models not found in $src"
  exit 77
fi
if [ ! -f "$sa2/sqlalchemy/__init__.py" ] ||
   ! PYTHONPATH="$sa2" "$python" -c 'import sqlalchemy, sys; sys.exit(sqlalchemy.__version__ < "2")' \
     2>/dev/null; then
  echo "SKIPPED: no SQLAlchemy 2.0 in JOBMON_CLIENT_SA2=$sa2 (the suites import the server's models)"
  exit 77
fi
client_env_init pytest pytest_mock pytest_asyncio
write_dist_info jobmon_server "$client_version"

# The overlay.
cp -r "$src/tests" "$work/tests"
if [ "$client_generation" = 3.6 ]; then
  server_fixtures="$work/tests/fixtures/server.py"
  database_fixtures="$work/tests/fixtures/database.py"
  : > "$server_fixtures"
else
  mv "$work/tests/conftest.py" "$work/tests/reference_conftest.py"
  server_fixtures="$work/tests/conftest.py"
  database_fixtures="$work/tests/conftest.py"
  # Its module imports uvicorn, which only its own server needs (Debian's python3 lacks it).
  cat > "$server_fixtures" <<'PY'
"""The suites' fixtures with jobmond as their server (written by run_client_suites.sh): the
client-side fixtures are the suites' own, imported from their conftest (moved aside)."""
import sys
import types

sys.modules.setdefault("uvicorn", types.ModuleType("uvicorn"))

from tests.reference_conftest import (  # noqa: E402,F401
    array_template,
    client_env,
    get_task_template,
    requester_no_retry,
    task_template,
    tool,
)
PY
fi
cat >> "$server_fixtures" <<'PY'
"""The server of the suites is jobmond, started by run_client_suites.sh."""
import os

import pytest
import requests

from jobmon.core.requester import Requester

_api_prefix = os.environ["JOBMON__HTTP__ROUTE_PREFIX"]


@pytest.fixture(scope="session")
def api_prefix():
    return _api_prefix


class WebServerProcess:
    """jobmond is already running: entering only checks that it answers."""

    def __init__(self) -> None:
        self.web_host = "127.0.0.1"
        self.web_port = os.environ["JOBMOND_PORT"]
        self.api_prefix = _api_prefix

    def __enter__(self) -> "WebServerProcess":
        url = f"http://{self.web_host}:{self.web_port}{self.api_prefix}/health"
        assert requests.get(url, timeout=10).status_code == 200, url
        return self

    def __exit__(self, *exc) -> None:
        pass


@pytest.fixture(scope="session")
def web_server_process(db_engine):
    with WebServerProcess() as web:
        yield {"JOBMON_HOST": web.web_host, "JOBMON_PORT": web.web_port}
PY
if [ "$client_generation" = 3.6 ]; then
  cat >> "$server_fixtures" <<'PY'


@pytest.fixture(scope="function")
def client_env(web_server_process, monkeypatch):
    service_url = f'http://{web_server_process["JOBMON_HOST"]}:{web_server_process["JOBMON_PORT"]}'
    monkeypatch.setenv("JOBMON__HTTP__SERVICE_URL", service_url)
    yield Requester.from_defaults().url


@pytest.fixture(scope="function")
def requester_no_retry(client_env):
    return Requester(client_env, retries_timeout=0)
PY
  : > "$database_fixtures"
fi
cat >> "$database_fixtures" <<'PY'


# The database of the suites is the SQLite file jobmond serves: jobmond made the schema and its
# metadata rows, nothing is initialised here.
import pathlib  # noqa: E402

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def setup_test_environment():
    yield pathlib.Path(os.environ["JOBMON__DB__SQLALCHEMY_DATABASE_URI"][len("sqlite:///"):])


@pytest.fixture(scope="session")
def db_engine(setup_test_environment) -> Engine:
    engine = create_engine(os.environ["JOBMON__DB__SQLALCHEMY_DATABASE_URI"])
    with Session(engine) as session:
        rows = session.execute(text("SELECT * FROM workflow_status")).fetchall()
    assert rows, "jobmond's database has no workflow_status rows"
    yield engine
    engine.dispose()


@pytest.fixture(scope="function")
def dbsession(db_engine: Engine):
    connection = db_engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection)
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()
PY
if [ "$client_generation" = 3.6 ]; then
  sed -i '1i import os\nimport pytest' "$database_fixtures"
fi
# The sources' pytest options (their pyproject.toml), without the package metadata around them.
printf '[pytest]\npython_files = test_*.py *_test.py\n' \
  > "$work/pytest.ini"

db_file="$work/tests.sqlite"
export JOBMON__HEARTBEAT__TASK_INSTANCE_INTERVAL=1 JOBMON__HEARTBEAT__REPORT_BY_BUFFER=3.1
start_jobmond "$binary" --plugin-dir "$plugin_dir" --db "sqlite:///$db_file"
client_env_exports "$prefix"
export PYTHONPATH="$PYTHONPATH:$src/jobmon_server/src:$sa2"
export JOBMOND_PORT="$port"
# What the suites' root conftest sets when it starts its own server, with jobmond's database.
export JOBMON__CONFIG_FILE=""
export JOBMON__DB__SQLALCHEMY_DATABASE_URI="sqlite:///$db_file"
export JOBMON__DB__SQLALCHEMY_CONNECT_ARGS="{}"
export JOBMON__AUTH__ENABLED=false
export JOBMON__SESSION__SECRET_KEY=test
export JOBMON__HTTP__REQUEST_TIMEOUT=20
export JOBMON__HTTP__RETRIES_ATTEMPTS=10
export JOBMON__HTTP__STOP_AFTER_DELAY=0
export JOBMON__HTTP__RETRIES_TIMEOUT=0
export JOBMON__HTTP__SERVICE_URL=""
export JOBMON__DISTRIBUTOR__POLL_INTERVAL=1
export JOBMON__HEARTBEAT__WORKFLOW_RUN_INTERVAL=1
if [ "$client_generation" = 3.4 ]; then
  export JOBMON__OIDC__NAME=OIDC JOBMON__OTLP__HTTP_ENABLED=false JOBMON__OTLP__WEB_ENABLED=false
  export JOBMON__OTLP__DEPLOYMENT_ENVIRONMENT=test JOBMON__OTLP__SPAN_EXPORTER=""
  export JOBMON__OTLP__LOG_EXPORTER="" JOBMON__REAPER__POLL_INTERVAL_MINUTES=5
  export JOBMON__WORKER_NODE__COMMAND_INTERRUPT_TIMEOUT=10
fi

cd "$work"
junit="$work/junit.xml"
set +e
timeout "${SUITES_TIMEOUT:-3000}" "$python" -m pytest -p no:cacheprovider -q -rfE \
  --junitxml="$junit" "${suites[@]}" "${pytest_args[@]}" > "$work/pytest.log" 2>&1
rc=$?
set -e
cat "$work/pytest.log"
if [ -n "${SUITES_JUNIT:-}" ]; then cp "$junit" "$SUITES_JUNIT"; fi
requests=$(grep -cE " [0-9]{3} [0-9.]+ms$" "$work/server.log" || true)
errors=$(grep -cE " 5[0-9]{2} [0-9.]+ms$" "$work/server.log" || true)
echo "jobmond: $requests requests, $errors answered 5xx"
if [ "$rc" -ne 0 ] && [ "$errors" -gt 0 ]; then
  echo "---- jobmond's 5xx answers (first 20) ----"
  grep -E " 5[0-9]{2} [0-9.]+ms$" "$work/server.log" | head -20
fi
if [ -n "${SUITES_SERVER_LOG:-}" ]; then cp "$work/server.log" "$SUITES_SERVER_LOG"; fi
# The counts, from the JUnit report (a test whose fixture failed counts as failed).
"$python" - "$junit" "$client_generation" "$prefix" <<'PY' || true
import sys
import xml.etree.ElementTree as ET

n = {"passed": 0, "failed": 0, "skipped": 0}
for case in ET.parse(sys.argv[1]).getroot().iter("testcase"):
    if case.find("failure") is not None or case.find("error") is not None:
        n["failed"] += 1
    elif case.find("skipped") is not None:
        n["skipped"] += 1
    else:
        n["passed"] += 1
print(f"Jobmon {sys.argv[2]} suites on {sys.argv[3]}:")
print(f"{n['passed']} passed, {n['failed']} failed, {n['skipped']} skipped")
PY
if [ "${SUITES_ALLOW_FAIL:-0}" = 1 ]; then exit 0; fi
exit "$rc"
