"""Binds and runs a small workflow with the real Jobmon client against a running jobmond.

Run by run_client_e2e.sh, which points the client at jobmond through JOBMON__HTTP__* variables.
Exits 0 when the workflow finishes DONE and a repeated bind of the same workflow is recognised.
"""
import sys
import uuid

from jobmon.client.tool import Tool

from client_cli import check_cli, check_update_and_resume


def build_workflow(tool, name, args):
    template = tool.get_task_template(
        template_name="e2e_echo",
        command_template="echo {word} {suffix}",
        node_args=["word"],
        task_args=["suffix"],
        op_args=[],
    )
    first = template.create_task(word="first", suffix=args)
    second = template.create_task(word="second", suffix=args, upstream_tasks=[first])
    third = template.create_task(word="third", suffix=args, upstream_tasks=[first])
    last = template.create_task(word="last", suffix=args, upstream_tasks=[second, third])
    # Fails on its first attempt and succeeds on the retry: the error path through the worker,
    # the distributor's error handling and the swarm's requeue.
    flaky_template = tool.get_task_template(
        template_name="e2e_flaky",
        command_template="test -f {marker} || (touch {marker}; exit 3)",
        node_args=["marker"],
        task_args=[],
        op_args=[],
    )
    flaky = flaky_template.create_task(
        marker=f"flaky-{args}.marker", max_attempts=2, upstream_tasks=[first]
    )
    workflow = tool.create_workflow(name=name, workflow_args=args)
    workflow.add_tasks([first, second, third, last, flaky])
    workflow.cli_tasks = {
        "first": first, "second": second, "third": third, "last": last, "flaky": flaky
    }
    workflow.cli_template_versions = {
        "e2e_echo": template.active_task_template_version.id,
        "e2e_flaky": flaky_template.active_task_template_version.id,
    }
    return workflow


def main():
    args = f"e2e-{uuid.uuid4().hex[:8]}"
    tool = Tool(name="jobmond_e2e_tool")
    tool.set_default_compute_resources_from_dict(
        cluster_name="sequential", compute_resources={"queue": "null.q"}
    )
    workflow = build_workflow(tool, "jobmond e2e", args)
    status = workflow.run(seconds_until_timeout=180, configure_logging=True)
    print(f"workflow {workflow.workflow_id} finished with status {status}")
    if status != "D":
        return 1
    tasks = workflow.tasks.values()
    if not all(t.final_status == "D" for t in tasks):
        print("not every task is DONE:", [(t.name, t.final_status) for t in tasks])
        return 1
    # Binding the identical workflow again must find the same workflow id.
    again = build_workflow(tool, "jobmond e2e", args)
    again.bind()
    if again.workflow_id != workflow.workflow_id:
        print(f"rebind gave workflow {again.workflow_id}, expected {workflow.workflow_id}")
        return 1
    # The `jobmon` command-line tool's routes, on the finished workflow (changes its tasks).
    check_cli(workflow, workflow.cli_tasks, workflow.cli_template_versions)
    check_update_and_resume(tool, args)
    print("client end-to-end: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
