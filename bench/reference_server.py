"""The Python Jobmon server (Jobmon 3.4, the reference jobmond reimplements) for scripts/bench's
side-by-side scenarios: its own FastAPI app (jobmon.server.web.api.get_app: v2 and v3,
authentication off) served by uvicorn on 127.0.0.1, one process, on the database named by
JOBMON__DB__SQLALCHEMY_DATABASE_URI.

    python3 reference_server.py check        prints "ok", or why it cannot run, and exits 1
    python3 reference_server.py serve PORT

Its sources are not part of this repository: scripts/bench puts them and the pure-Python
packages Debian 12 lacks on PYTHONPATH (docs/performance.md, "What users send, at default
settings"). Two shims, neither on a path the benchmark measures:
* Debian's FastAPI (0.92, pydantic 1) refuses the CLI routes' `Union[int, list[int]] = Query(...)`
  parameters at start-up ("can only be a request body"): a field whose type is a union with a
  list is taken as a repeated query parameter, as newer FastAPI takes it.
* The error-log clustering module downloads NLTK's tokenizer data when imported: nothing is
  downloaded (this machine reaches no network beyond its package registries).
"""
import os
import sys
import typing


def build_app():
    import fastapi.dependencies.utils as dependency_utils
    import nltk

    nltk.download = lambda *args, **kwargs: True
    scalar_sequence = dependency_utils.is_scalar_sequence_field

    def is_scalar_sequence_field(field):
        if scalar_sequence(field):
            return True
        return any(typing.get_origin(a) is list for a in typing.get_args(field.outer_type_))

    dependency_utils.is_scalar_sequence_field = is_scalar_sequence_field
    os.environ.setdefault("JOBMON__SESSION__SECRET_KEY", "bench")
    os.environ.setdefault("JOBMON__AUTH__ENABLED", "false")
    from jobmon.server.web.api import get_app

    return get_app()


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "check":
        try:
            build_app()
        except Exception as e:  # any import or start-up failure is a reason to skip
            print(f"{type(e).__name__}: {e}")
            sys.exit(1)
        print("ok")
        return
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        import uvicorn

        uvicorn.run(build_app(), host="127.0.0.1", port=int(sys.argv[2]))  # its defaults
        return
    print(__doc__, file=sys.stderr)
    sys.exit(2)


if __name__ == "__main__":
    main()
