"""The tasklist's own queries on PostgreSQL (the production read model): the loan approval,
the list's filters, search, sorting and pages, and an operator's incident handling, run
again with the SQL exporter and the tasklist on a throwaway PostgreSQL server."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from .test_tasklist_flow import test_loan_approval_two_groups
from .test_tasklist_list import test_filters_search_sort_and_pages
from .test_tasklist_operate import test_instance_filters, test_retry_failed_job_and_resolve_incident

__all__ = [
    "test_filters_search_sort_and_pages",
    "test_instance_filters",
    "test_loan_approval_two_groups",
    "test_retry_failed_job_and_resolve_incident",
]

_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def postgres_server() -> Iterator[str]:
    from broker.exporters.sql.testing import postgres_bin, throwaway_postgres

    try:
        postgres_bin()
    except RuntimeError as error:
        pytest.skip(str(error))
    with throwaway_postgres() as url:
        yield url


@pytest.fixture
def read_model_url(postgres_server: str) -> Iterator[str]:
    """A fresh database on the module's server for each test."""
    name = f"tasklist_{next(_numbers)}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    yield postgres_server.rsplit("/", 1)[0] + f"/{name}"
