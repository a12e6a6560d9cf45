"""A workflow run by the real Jobmon client (3.6, multiprocess distributor) killed mid-run through
the admin plugin's routes (docs/plugins.md, "The admin plugin").

Run by run_client_e2e.sh with E2E_SCENARIO=admin_kill, which started jobmond with
`--plugins v2,v3,compat,admin --admin-open true` and names its database in E2E_DB_URI (SQLite,
PostgreSQL or MariaDB). `python3 client_admin_kill.py run TOKEN RESULT` is the swarm: it runs the
workflow below and writes what run() returned to RESULT. Without arguments:

  1. start that swarm in a session of its own; the workflow has four independent tasks that
     sleep (a duration unique to this test, so that their processes can be found) and one task
     downstream of the first. The multiprocess distributor has three workers: three sleepers run
     (R), the fourth waits in its queue, launched (O), the downstream task is never queued;
  2. once that is so, POST /api/admin/workflow/{id}/kill with a reason: the run goes COLD_RESUME
     (the route leaves the instances to the swarm, which reads COLD_RESUME as "stop" and has them
     terminated: KILL_SELF);
  3. check: run() returns within 120 s, its run ended by the swarm (TERMINATED, the workflow
     HALTED; or ERROR, the workflow FAILED) and run() saying so; the sleep processes are gone;
     every instance ended K -> F by a v3 route (the distributor's transition_to_killed or the
     worker's error); the sleepers' tasks are ERROR_FATAL, the downstream task untouched
     (REGISTERING, resumable); each stopped instance has its error-log row; a replay of the kill
     changes nothing;
  4. GET /api/admin/history?workflow_id=: every status change of the run, the workflow, the tasks
     and the instances, in unbroken chains that end in the database's statuses, the admin's rows
     (run -> C) with the kill route, the plugin `admin` and the reason, every other row (the
     instances' K by terminate_task_instances among them) from a /api/v3/ route with no reason,
     all by `anonymous` (no authentication).
Every outcome of 3 and 4 is checked and each one that fails is listed (PROBLEM lines).

The sleepers' command is `exec sleep N`: the 3.6 worker stops a killed command by signalling
the shell it started (SIGINT, then SIGKILL), not its process group. Without `exec` the shell
dies, its `sleep` lives on holding the worker's output pipes, and the worker (and so the
distributor's shutdown and run()) waits for it: the client's behaviour, whatever the server.
"""
import json
import os
import signal
import subprocess
import sys
import time
import uuid

import psutil
import requests
import sqlalchemy
from sqlalchemy.pool import NullPool

SLEEPERS = 4  # one more than the multiprocess distributor's three workers
KILL_ROUTE = "/api/admin/workflow/{workflow_id:int}/kill"


def build_workflow(token):
    from jobmon.client.tool import Tool

    tool = Tool(name="jobmond_e2e_admin_kill")
    tool.set_default_compute_resources_from_dict(
        cluster_name="multiprocess", compute_resources={"queue": "null.q"}
    )
    sleeper = tool.get_task_template(
        template_name="e2e_admin_sleeper",
        command_template="exec sleep {seconds}",
        node_args=["seconds"],
        task_args=[],
        op_args=[],
    )
    after = tool.get_task_template(
        template_name="e2e_admin_after",
        command_template="echo after {token}",
        node_args=["token"],
        task_args=[],
        op_args=[],
    )
    sleepers = [sleeper.create_task(seconds=seconds(token, i), max_attempts=1)
                for i in range(SLEEPERS)]
    downstream = after.create_task(token=token, upstream_tasks=[sleepers[0]])
    workflow = tool.create_workflow(name="jobmond e2e admin kill", workflow_args=token)
    workflow.add_tasks(sleepers + [downstream])
    return workflow


def seconds(token, i):
    # 300.NNNNNN: a sleep long enough never to end on its own, its argument unique to this run.
    return f"{300 + i}.{token}"


def swarm(token, result_file):
    workflow = build_workflow(token)
    begin = time.time()
    status = workflow.run(seconds_until_timeout=240, configure_logging=False)
    with open(result_file, "w") as f:
        json.dump({"status": status, "workflow_id": workflow.workflow_id,
                   "elapsed": time.time() - begin,
                   "final": {str(t.task_id): t.final_status for t in workflow.tasks.values()}}, f)


class Db:
    def __init__(self, uri):
        # A connection per query (NullPool): no snapshot of MariaDB's REPEATABLE READ outlives it.
        self.engine = sqlalchemy.create_engine(uri, poolclass=NullPool)

    def rows(self, query, **params):
        with self.engine.connect() as c:
            return [tuple(r) for r in c.execute(sqlalchemy.text(query), params)]


def wait_for(what, check, seconds, pause=0.5):
    deadline = time.time() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.time() >= deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(pause)


def sleep_processes(token, only_sleep=False):
    """Processes whose command line holds one of this run's sleep durations (only `sleep`s)."""
    args = {seconds(token, i) for i in range(SLEEPERS)}
    found = []
    for p in psutil.process_iter(["pid", "cmdline"]):
        cmd = p.info["cmdline"] or []
        if any(a in args for a in cmd) and (
                not only_sleep or os.path.basename(cmd[0]) == "sleep"):
            found.append((p.info["pid"], " ".join(cmd)))
    return found


PROBLEMS = []


def require(condition, message):
    """A precondition of what follows: stop here."""
    if not condition:
        raise AssertionError(message)


def check(condition, message):
    """An outcome: noted, and the checks go on, so that a failure lists every problem."""
    if not condition:
        print(f"PROBLEM: {message}", flush=True)
        PROBLEMS.append(message)
    return bool(condition)


def main():
    db = Db(os.environ["E2E_DB_URI"])
    base = os.environ["JOBMON__HTTP__SERVICE_URL"]
    admin = f"{base}/api/admin"
    token = f"{uuid.uuid4().int % 10**6:06d}"
    reason = f"e2e admin kill {token}: stop it"
    result_file = os.path.abspath("admin-kill-result.json")
    child = subprocess.Popen([sys.executable, os.path.abspath(__file__), "run", token, result_file],
                             start_new_session=True)
    try:
        return run_checks(db, admin, token, reason, result_file, child)
    finally:
        if child.poll() is None:
            print("killing the swarm's session", flush=True)
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        for pid, _ in sleep_processes(token):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def run_checks(db, admin, token, reason, result_file, child):
    # 1. Three sleepers running, the fourth launched and waiting for a worker.
    def running():
        if child.poll() is not None:
            raise AssertionError(f"the swarm exited ({child.returncode}) before the kill")
        counts = dict(db.rows("SELECT status, count(*) FROM task_instance GROUP BY status"))
        return counts == {"R": 3, "O": 1}
    begin = time.time()
    wait_for("three instances RUNNING and one LAUNCHED", running, 120)
    print(f"running after {time.time() - begin:.1f} s", flush=True)
    workflow_id, = [w for (w,) in db.rows("SELECT id FROM workflow")]
    run_id, = [r for (r,) in db.rows("SELECT id FROM workflow_run WHERE status = 'R'")]
    instances = dict(db.rows("SELECT id, status FROM task_instance"))
    tasks = dict(db.rows("SELECT id, status FROM task"))
    downstream, = [t for (t,) in db.rows("SELECT id FROM task WHERE command LIKE :c",
                                         c=f"echo after {token}")]
    sleeper_tasks = sorted(t for t in tasks if t != downstream)
    require(tasks[downstream] == "G" and len(sleeper_tasks) == SLEEPERS,
          f"tasks before the kill: {tasks}")
    workers = wait_for("three sleep processes",
                       lambda: len(sleep_processes(token, True)) == 3 and
                       sleep_processes(token, True), 20)
    print(f"workflow {workflow_id}, run {run_id}, instances {instances}, workers {workers}",
          flush=True)

    # 2. The kill.
    r = requests.post(f"{admin}/workflow/{workflow_id}/kill", json={"reason": reason},
                      timeout=30)
    killed_at = time.time()
    require(r.status_code == 200, f"kill answered {r.status_code}: {r.text}")
    answer = r.json()
    print("kill answered", answer, flush=True)
    check(answer == {"killed": {"fatal_task_instance_ids": [],
                                "kill_self_task_instance_ids": [],
                                "fatal_task_ids": []},
                     "stopped_workflow_run_ids": [run_id]}, f"kill answer: {answer}")

    # 3. run() returns TERMINATED, the workflow is HALTED, the workers are gone.
    try:
        child.wait(timeout=120)
    except subprocess.TimeoutExpired:
        raise AssertionError("run() did not return within 120 s of the kill: runs "
                             f"{db.rows('SELECT id, status FROM workflow_run')}, instances "
                             f"{db.rows('SELECT id, status FROM task_instance')}")
    returned = time.time() - killed_at
    require(child.returncode == 0, f"the swarm exited {child.returncode}")
    with open(result_file) as f:
        result = json.load(f)
    print(f"run() returned {result['status']} {returned:.1f} s after the kill: {result}",
          flush=True)
    wait_for("the sleep processes to end", lambda: not sleep_processes(token), 20)
    print(f"sleep processes gone {time.time() - killed_at:.1f} s after the kill", flush=True)
    wait_for("every instance to leave K/O/R",
             lambda: all(s in "DF" for (s,) in db.rows("SELECT status FROM task_instance")), 30)
    instances_after = dict(db.rows("SELECT id, status FROM task_instance"))
    tasks_after = dict(db.rows("SELECT id, status FROM task"))
    runs_after = db.rows("SELECT id, status FROM workflow_run")
    workflow_after = db.rows("SELECT status FROM workflow")[0][0]
    print("after: instances", instances_after, "tasks", tasks_after, "runs", runs_after,
          "workflow", workflow_after, flush=True)
    # The swarm reads COLD_RESUME as "stop" and ends its run TERMINATED, the workflow HALTED; or,
    # had it ended its run in error, ERROR and the workflow FAILED. Either way run() says which.
    expected_workflow = {"T": "H", "E": "E"}.get(result["status"])
    check(expected_workflow is not None and runs_after == [(run_id, result["status"])] and
          workflow_after == expected_workflow,
          f"run() returned {result['status']} (expected T, or E), the run is {runs_after}, the "
          f"workflow {workflow_after} (expected H after T, E after E)")
    check(set(instances_after) == set(instances) and
          set(instances_after.values()) == {"F"}, f"instances: {instances_after}")
    check(tasks_after == {**{t: "F" for t in sleeper_tasks}, downstream: "G"},
          f"tasks: {tasks_after}")
    check(db.rows("SELECT count(*) FROM task_instance WHERE task_id = :t", t=downstream)[0][0]
          == 0, "the downstream task got an instance")
    check({t: s for t, s in result["final"].items()} ==
          {str(t): s for t, s in tasks_after.items()},
          f"run()'s task statuses {result['final']} differ from the database's {tasks_after}")
    logs = db.rows("SELECT task_instance_id, description FROM task_instance_error_log")
    for ti, before in instances.items():
        expected = f"Setting to KILL_SELF from status: {before}"
        check(any(t == ti and d.endswith(expected) for t, d in logs),
              f"instance {ti}: no error log '... {expected}' in {logs}")

    # A replay finds nothing left to stop.
    r = requests.post(f"{admin}/workflow/{workflow_id}/kill", json={"reason": reason},
                      timeout=30)
    check(r.status_code == 200 and r.json() == {
        "killed": {"fatal_task_instance_ids": [], "kill_self_task_instance_ids": [],
                   "fatal_task_ids": []}, "stopped_workflow_run_ids": []},
        f"replayed kill answered {r.status_code}: {r.text}")

    # 4. The history.
    r = requests.get(f"{admin}/history", params={"workflow_id": workflow_id, "page_size": 1000},
                     timeout=30)
    require(r.status_code == 200, f"history answered {r.status_code}: {r.text}")
    page = r.json()
    history = sorted(page["history"], key=lambda h: h["id"])
    check(page["total"] == len(history), f"history: {page['total']} rows, {len(history)} shown")
    check_history(history, reason, workflow_id, workflow_after, run_id, dict(runs_after)[run_id],
                  instances, instances_after, tasks_after, sleeper_tasks, downstream)
    if PROBLEMS:
        print(f"FAILED: {len(PROBLEMS)} problems:", flush=True)
        for p in PROBLEMS:
            print(f"  - {p}", flush=True)
        return 1
    print(f"admin kill through the real client: OK (run() returned {returned:.1f} s after the "
          f"kill; {len(history)} history rows)", flush=True)
    return 0


def check_history(history, reason, workflow_id, workflow_status, run_id, run_status, instances,
                  instances_after, tasks_after, sleeper_tasks, downstream):
    def chain(entity, entity_id):
        return [h for h in history if h["entity"] == entity and h["entity_id"] == entity_id]

    def path(rows):
        return [rows[0]["from"]] + [h["to"] for h in rows] if rows else []

    for h in history:
        check(h["field"] == "status", f"not a status change: {h}")
        check(h["user"] == "anonymous", f"row not by anonymous: {h}")
        if h["plugin"] == "admin":
            check(h["route"] == KILL_ROUTE and h["reason"] == reason, f"admin row: {h}")
        else:
            check(h["plugin"] == "v3" and (h["route"] or "").startswith("/api/v3/") and
                  h["reason"] is None, f"row not from a v3 route: {h}")
    # Every chain unbroken (each row starts where the one before ended) and ending in the
    # database's status.
    finals = {("workflow", workflow_id): workflow_status, ("workflow_run", run_id): run_status}
    finals.update({("task_instance", ti): s for ti, s in instances_after.items()})
    finals.update({("task", t): s for t, s in tasks_after.items()})
    for (entity, entity_id), final in finals.items():
        rows = chain(entity, entity_id)
        for a, b in zip(rows, rows[1:]):
            check(a["to"] == b["from"], f"{entity} {entity_id}: broken chain {path(rows)}")
        if entity == "task" and entity_id == downstream:
            check(rows == [], f"the downstream task changed: {rows}")
            continue
        check(rows and rows[-1]["to"] == final,
              f"{entity} {entity_id}: history {path(rows)} does not end in the database's {final}")
    entities = {(h["entity"], h["entity_id"]) for h in history}
    check(entities <= set(finals), f"rows of other entities: {entities - set(finals)}")

    run_rows = chain("workflow_run", run_id)
    check([(h["from"], h["to"]) for h in run_rows if h["plugin"] == "admin"] == [("R", "C")],
          f"run's admin rows: {run_rows}")
    check(run_rows and (run_rows[-1]["from"], run_rows[-1]["to"]) in (("C", "T"), ("C", "E")) and
          run_rows[-1]["route"] == "/api/v3/workflow_run/{workflow_run_id:int}/update_status",
          f"run {run_id}: no row of the swarm ending it (C -> T, or C -> E) after the kill: "
          f"{path(run_rows)}")
    wf_rows = chain("workflow", workflow_id)
    check(wf_rows and wf_rows[-1]["to"] in ("H", "E") and wf_rows[-1]["plugin"] == "v3",
          f"workflow {workflow_id}: no row of it halting (or failing): {path(wf_rows)}")
    for ti, before in instances.items():
        rows = chain("task_instance", ti)
        # The creation (Q) is not a change; every step after it is.
        expected = ["Q", "I", "O", "R", "K", "F"] if before == "R" else ["Q", "I", "O", "K", "F"]
        if not check(path(rows) == expected,
                     f"instance {ti}: {path(rows)}, expected {expected}"):
            continue
        kill, end = rows[-2], rows[-1]
        check(kill["route"] ==
              "/api/v3/workflow_run/{workflow_run_id:int}/terminate_task_instances",
              f"instance {ti}: K not by the swarm's terminate_task_instances: {kill}")
        check(end["plugin"] == "v3" and end["route"] in (
            "/api/v3/array/{array_id:int}/transition_to_killed",
            "/api/v3/task_instance/{task_instance_id:int}/log_error_worker_node",
            # a worker that starts only after its instance was told to stop
            "/api/v3/task_instance/{task_instance_id:int}/log_running"),
            f"instance {ti}: K -> F not by the distributor or the worker: {end}")
        print(f"instance {ti}: {' -> '.join(path(rows))}, K -> F by {end['route']}", flush=True)
    for t in sleeper_tasks:
        rows = chain("task", t)
        check(rows and all(h["plugin"] == "v3" for h in rows) and rows[-1]["to"] == "F",
              f"task {t}: {rows}")
    admin_rows = [h for h in history if h["plugin"] == "admin"]
    check(len(admin_rows) == 1, f"admin rows: {admin_rows}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["run"]:
        swarm(sys.argv[2], sys.argv[3])
    else:
        try:
            sys.exit(main())
        except AssertionError as e:
            print(f"FAILED: {e}", flush=True)
            sys.exit(1)
