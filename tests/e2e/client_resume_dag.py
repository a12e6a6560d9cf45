"""Resume from the database keeps the DAG: the real client (3.4 or 3.6) against a running jobmond.

Run by run_client_e2e.sh with E2E_SCENARIO=resume_dag. The workflow (multiprocess distributor,
three workers, so that every task the swarm queues starts at once):

    root -> flaky -> (left, right) -> last

`flaky` fails on its only attempt in the first run, which ends in error with root DONE and the
rest never started. The workflow is then resumed by id (`resume_workflow_from_id`, what
`jobmon workflow_resume` / `jobmon workflow resume` run): the client rebuilds its swarm from the
database, its edges from `POST /task/get_downstream_tasks`. Every task appends `start` and `done`
lines with timestamps to its own file; the check is that no task started before each of its
upstream tasks had written `done` (an edge lost on resume lets `left`, `right` and `last` start
beside the rerun of `flaky`, which sleeps before it finishes), that root did not run again and
that every task ran to DONE exactly once.
"""
import os
import sys
import time
import uuid

from jobmon.client.tool import Tool

try:  # 3.6: the command modules; 3.4: status_commands
    from jobmon.client.commands.workflow import resume_workflow_from_id
except ImportError:
    from jobmon.client.status_commands import resume_workflow_from_id

STEP = r"""#!/bin/sh
# step.sh DIR NAME SECONDS FAIL_FIRST: logs start, sleeps, fails the first time if asked, logs done.
log="$1/$2.log"
echo "start $(date +%s.%N)" >> "$log"
sleep "$3"
if [ "$4" = 1 ] && [ ! -e "$1/$2.failed" ]; then
  : > "$1/$2.failed"
  echo "fail $(date +%s.%N)" >> "$log"
  exit 7
fi
echo "done $(date +%s.%N)" >> "$log"
"""

EDGES = {"root": [], "flaky": ["root"], "left": ["flaky"], "right": ["flaky"],
         "last": ["left", "right"]}


def build(tool, args, out):
    template = tool.get_task_template(
        template_name="e2e_resume_step",
        command_template="sh {script} {out} {step} {seconds} {fail_first}",
        node_args=["step"],
        task_args=["seconds", "fail_first"],
        op_args=["script", "out"],
    )
    tasks = {}
    for name, upstream in EDGES.items():
        tasks[name] = template.create_task(
            step=name,
            seconds=2 if name == "flaky" else 1,
            fail_first=1 if name == "flaky" else 0,
            script=os.path.join(out, "step.sh"),
            out=out,
            max_attempts=1,
            upstream_tasks=[tasks[u] for u in upstream],
        )
    workflow = tool.create_workflow(name="jobmond e2e resume dag", workflow_args=args)
    workflow.add_tasks(list(tasks.values()))
    return workflow, tasks


def read_log(out, name):
    path = os.path.join(out, f"{name}.log")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [(kind, float(when)) for kind, when in (line.split() for line in f)]


def main():
    out = os.path.join(os.getcwd(), "resume-dag")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "step.sh"), "w") as f:
        f.write(STEP)
    args = f"resume-dag-{uuid.uuid4().hex[:8]}"
    tool = Tool(name="jobmond_e2e_resume")
    tool.set_default_compute_resources_from_dict(
        cluster_name="multiprocess", compute_resources={"queue": "null.q"}
    )
    workflow, tasks = build(tool, args, out)
    status = workflow.run(seconds_until_timeout=150, configure_logging=False)
    first = {name: [k for k, _ in read_log(out, name)] for name in EDGES}
    print(f"first run of workflow {workflow.workflow_id}: {status} {first}")
    if status != "E" or first != {"root": ["start", "done"], "flaky": ["start", "fail"],
                                  "left": [], "right": [], "last": []}:
        print("the first run should end in error after root DONE and flaky failed")
        return 1

    begin = time.time()
    resume_workflow_from_id(workflow.workflow_id, cluster_name="multiprocess", log=False,
                            timeout=60)
    print(f"resumed from the database in {time.time() - begin:.1f} s")

    logs = {name: read_log(out, name) for name in EDGES}
    problems = []
    for name, entries in logs.items():
        kinds = [k for k, _ in entries]
        expected = (["start", "done"] if name == "root" else
                    ["start", "fail", "start", "done"] if name == "flaky" else ["start", "done"])
        if kinds != expected:
            problems.append(f"{name} ran {kinds}, expected {expected}")
    for name, upstream in EDGES.items():
        starts = [t for k, t in logs[name] if k == "start"]
        for u in upstream:
            done = [t for k, t in logs[u] if k == "done"]
            if not done:
                problems.append(f"{u} (upstream of {name}) never finished")
            elif starts and min(starts) < done[-1]:
                problems.append(f"{name} started {done[-1] - min(starts):.2f} s before its "
                                f"upstream {u} finished")
    if problems:
        print("DAG order broken on resume from the database:")
        for p in problems:
            print("  " + p)
        return 1
    print("client resume from the database: DAG order kept, every task DONE once: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
