#!/usr/bin/env python3
"""What the Python Jobmon client's HTTP library (requests/urllib3) meets when jobmond stops.

Usage: idle_connections_test.py JOBMOND_BINARY FIXTURE_PLUGIN_DIR

Eight keep-alive connections sit idle in a requests.Session while a slow request keeps the
server draining after SIGTERM. Each request the session then sends must either be answered (the
documented 503 of a draining server) or fail as a closed connection does (refused, or the end of
the stream); a connection reset (ECONNRESET), which urllib3 does not retry, must never happen.
Then the server exits 0 and the slow request got its answer.
"""
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

import requests


def main():
    binary, plugin_dir = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="jobmond-idle.")
    server = subprocess.Popen(
        [binary, "--port", "0", "--threads", "1", "--plugin-dir", plugin_dir,
         "--plugins", "fixture_good", "--db", f"sqlite:///{work}/jobmon.sqlite"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    port = None
    for line in server.stdout:
        match = re.search(r"jobmond listening on http://[^:]+:(\d+)", line)
        if match:
            port = int(match.group(1))
            break
    if port is None:
        sys.exit("jobmond did not start")
    url = f"http://127.0.0.1:{port}/fixture/"

    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=8, pool_maxsize=8)
    session.mount("http://", adapter)
    start = threading.Barrier(8)

    def open_connection():
        start.wait()
        session.get(url, timeout=10).raise_for_status()

    openers = [threading.Thread(target=open_connection) for _ in range(8)]
    for t in openers:
        t.start()
    for t in openers:
        t.join()
    idle = adapter.poolmanager.connection_from_url(url).pool.qsize()
    if idle != 8:
        sys.exit(f"expected 8 idle connections, the pool holds {idle}")

    slow = {}
    slow_thread = threading.Thread(
        target=lambda: slow.update(status=requests.get(url + "slow", timeout=10).status_code))
    slow_thread.start()
    time.sleep(0.2)  # the slow request is in its handler (1 s): the server will drain
    server.send_signal(signal.SIGTERM)
    time.sleep(0.1)

    outcomes = []
    for _ in range(8):
        try:
            outcomes.append(f"HTTP {session.get(url, timeout=10).status_code}")
        except requests.ConnectionError as e:
            reason = repr(e)
            if "ConnectionResetError" in reason or "Connection reset" in reason:
                outcomes.append("RESET " + reason)
            else:
                outcomes.append("closed")
    slow_thread.join()
    status = server.wait(timeout=20)
    log = server.stdout.read()
    print("outcomes:", outcomes)
    failures = [o for o in outcomes if o not in ("HTTP 503", "closed")]
    if failures:
        sys.exit(f"unexpected outcomes {failures}\n{log}")
    if slow.get("status") != 200:
        sys.exit(f"the request in flight got {slow}\n{log}")
    if status != 0:
        sys.exit(f"jobmond exited {status}\n{log}")
    print("idle connections closed cleanly")


if __name__ == "__main__":
    main()
