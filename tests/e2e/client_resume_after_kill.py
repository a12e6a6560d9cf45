"""A workflow whose swarm dies with SIGKILL mid-run is resumed by the real Jobmon client once
jobmond's reaper has reaped the dead run.

Run by run_resume_after_kill.sh, which started jobmond and `jobmond reaper` on the SQLite file
named by E2E_DB_FILE. `python3 client_resume_after_kill.py run` is the swarm to kill: it runs a
workflow whose first task sleeps. Without arguments: start that swarm in a session of its own,
wait until its task is RUNNING, SIGKILL the session (swarm, distributor and worker, as when a
node dies), then `run(resume=True)` the same workflow, which waits for the dead run to become
TERMINATED: the reaper's doing, since nothing else is left to end it (once no worker can see
the dead run's KILL_SELF instance any more). Exits 0 when the resumed run finishes DONE.
"""
import os
import signal
import sqlite3
import subprocess
import sys
import time

from jobmon.client.tool import Tool

MARKER = os.path.abspath("tasks-may-finish.marker")


def build_workflow():
    tool = Tool(name="e2e_resume_after_kill")
    tool.set_default_compute_resources_from_dict(
        cluster_name="sequential", compute_resources={"queue": "null.q"}
    )
    # Sleeps until the marker exists: long in the killed run, at once in the resumed one.
    template = tool.get_task_template(
        template_name="sleeper",
        command_template="test -e {marker} || sleep {seconds}",
        node_args=["seconds"],
        task_args=["marker"],
        op_args=[],
    )
    first = template.create_task(seconds=120, marker=MARKER)
    second = template.create_task(seconds=121, marker=MARKER, upstream_tasks=[first])
    workflow = tool.create_workflow(name="resume_after_kill", workflow_args="resume_after_kill")
    workflow.add_tasks([first, second])
    return workflow


def rows(query):
    with sqlite3.connect(os.environ["E2E_DB_FILE"], timeout=10) as db:
        return db.execute(query).fetchall()


def wait_for(what, check, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if check():
            return
        time.sleep(0.5)
    sys.exit(f"timed out waiting for {what}")


def main():
    swarm = subprocess.Popen(
        [sys.executable, __file__, "run"], start_new_session=True
    )
    wait_for(
        "the first task to run",
        lambda: rows("SELECT count(*) FROM task_instance WHERE status = 'R'")[0][0] == 1,
        120,
    )
    os.killpg(swarm.pid, signal.SIGKILL)
    swarm.wait()
    print("swarm killed; runs:", rows("SELECT id, status FROM workflow_run"), flush=True)
    open(MARKER, "w").close()

    status = build_workflow().run(resume=True, resume_timeout=120)
    runs = rows("SELECT id, status FROM workflow_run ORDER BY id")
    killed = rows("SELECT status FROM task_instance WHERE workflow_run_id = 1")
    logs = rows("SELECT description FROM task_instance_error_log ORDER BY id")
    workflow = rows("SELECT status FROM workflow")[0][0]
    print("resumed:", status, "runs:", runs, "dead run's instances:", killed, "workflow:",
          workflow, "error logs:", logs, flush=True)
    # The dead run: resumed (C); the reaper tells its running instance to stop (K), gives it up
    # (F) once no worker can see that any more, then ends the run (T).
    assert runs[0][1] == "T", runs
    assert killed == [("F",)], killed
    assert logs == [
        ("Reaper: Workflow resume cleanup. Setting to KILL_SELF from status: R",),
        ("Reaper: Workflow resume cleanup. No worker saw KILL_SELF. Setting to ERROR_FATAL from "
         "status: K",),
    ], logs
    assert status == "D" and runs[1][1] == "D" and workflow == "D", (status, runs, workflow)


if __name__ == "__main__":
    if sys.argv[1:] == ["run"]:
        build_workflow().run()
    else:
        main()
