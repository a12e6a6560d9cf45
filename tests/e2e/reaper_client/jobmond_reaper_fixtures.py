"""Fixtures for the Jobmon client's own reaper tests (tests/workflow_reaper in its sources),
run against jobmond instead of the Python server they start themselves.

Loaded with `pytest -p jobmond_reaper_fixtures --noconftest` by run_reaper_client_tests.sh,
which has started jobmond (with --jobmon-server-version set to the Python reaper's version) on
the SQLite file named by JOBMON__DB__SQLALCHEMY_DATABASE_URI. The tests read rows through the
Python server's models, which need SQLAlchemy 2.0; Debian has 1.4, so the two tables they read
are mapped here under the same module names.
"""

import os
import sys
import types

import pytest
import sqlalchemy
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

from jobmon.client.api import Tool
from jobmon.core.requester import Requester

_Base = declarative_base()


class Workflow(_Base):
    __tablename__ = "workflow"
    id = Column(Integer, primary_key=True)
    status = Column(String)


class WorkflowRun(_Base):
    __tablename__ = "workflow_run"
    id = Column(Integer, primary_key=True)
    status = Column(String)


def _module(name, **attributes):
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    sys.modules[name] = module
    return module


_module("jobmon.server.web.models", load_model=lambda: None, Base=_Base)
_module("jobmon.server.web.models.workflow", Workflow=Workflow)
_module("jobmon.server.web.models.workflow_run", WorkflowRun=WorkflowRun)


@pytest.fixture(scope="session")
def db_engine():
    return sqlalchemy.create_engine(os.environ["JOBMON__DB__SQLALCHEMY_DATABASE_URI"])


@pytest.fixture
def client_env():
    # The service URL with the route prefix, as the reference's fixture hands it on.
    return Requester.from_defaults().url


@pytest.fixture
def requester_no_retry(client_env):
    return Requester(client_env, retries_timeout=0)


@pytest.fixture
def tool(client_env):
    tool = Tool()
    tool.set_default_compute_resources_from_dict(
        cluster_name="sequential", compute_resources={"queue": "null.q"}
    )
    return tool
