"""Read-model searches: filters, operators, sorting and cursor pagination; and migrations."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from broker.exporters.sql import (
    SearchError,
    Sort,
    SqlExporter,
    SqlExporterConfig,
    current_revision,
    head_revision,
    migrate,
)
from broker.exporters.sql import queries as q
from broker.exporters.sql.schema import metadata

from .conftest import batches, run_orders


@pytest.fixture
async def engine(read_model_url: str) -> Any:
    exporter = SqlExporter(SqlExporterConfig(url=read_model_url))
    await exporter.open(1)
    for batch in batches(run_orders(1, instances=5), 11):
        await exporter.export(batch)
    await exporter.close()
    engine = create_engine(read_model_url)
    yield engine
    engine.dispose()


def test_filters_and_operators(engine: Any) -> None:
    page = q.search_process_instances(engine, {"state": "COMPLETED"})
    assert page.total == 5 and {i.state for i in page.items} == {"COMPLETED"}
    assert q.search_process_instances(engine, {"business_key": "open"}).total == 1
    assert q.search_process_instances(engine, {"business_key": {"$like": "b*"}}).total == 5
    assert q.search_process_instances(engine, {"business_key": {"$in": ["b1", "b3"]}}).total == 2
    assert q.search_process_instances(engine, {"state": {"$neq": "COMPLETED"}}).total == 1
    assert q.search_process_instances(engine, {"end_date": {"$exists": False}}).total == 1
    assert q.search_process_instances(engine, {"has_incident": False}).total == 6
    assert q.search_incidents(engine, {"state": "RESOLVED"}).total == 1
    variables = q.search_variables(engine, {"name": "amount", "value": {"$gte": "12"}})
    assert sorted(v.value for v in variables.items) == ["12", "13", "14", "99"]
    [task] = q.search_user_tasks(engine, {"state": "CREATED", "candidate_group": "audit"}).items
    assert task.candidate_groups == ["finance", "audit"] and task.priority == 70
    assert q.search_user_tasks(engine, {"candidate_group": "nobody"}).total == 0
    assert q.search_user_tasks(engine, {"candidate_user": "ann", "state": "COMPLETED"}).total == 5
    assert q.search_jobs(engine, {"type": "payment", "state": "COMPLETED"}).total == 6
    elements = q.search_element_instances(engine, {"element_type": "USER_TASK"})
    assert elements.total == 6
    [definition] = q.search_process_definitions(engine, {"bpmn_process_id": "order"}).items
    xml = q.process_definition_xml(engine, definition.key)
    assert xml is not None and "<bpmn:userTask" in xml
    assert q.search_decision_instances(engine).total == 0


def test_sorting_and_cursor_pagination_walk_every_row_once(engine: Any) -> None:
    for sort in (
        [Sort("start_date", "DESC")],
        [Sort("state"), Sort("end_date", "DESC")],
        [],
    ):
        everything = q.search_process_instances(engine, sort=sort, limit=100).items
        walked, after = [], None
        while True:
            page = q.search_process_instances(engine, sort=sort, limit=2, after=after)
            if not page.items:
                break
            assert page.total == len(everything)
            walked.extend(page.items)
            after = page.end_cursor
        assert walked == everything
        # And back from the last row, page by page with `before`: every row before it.
        before = q.search_process_instances(engine, sort=sort, limit=100).end_cursor
        back: list[Any] = []
        while True:
            page = q.search_process_instances(engine, sort=sort, limit=2, before=before)
            if not page.items:
                break
            back[:0] = page.items
            before = page.start_cursor
        assert back == everything[:-1]
    by_start = q.search_process_instances(engine, sort=[Sort("start_date", "DESC")]).items
    starts = [i.start_date or 0 for i in by_start]
    assert starts == sorted(starts, reverse=True)


def test_bad_searches_are_refused(engine: Any) -> None:
    with pytest.raises(SearchError, match="filter field"):
        q.search_jobs(engine, {"no_such_field": 1})
    with pytest.raises(SearchError, match="operator"):
        q.search_jobs(engine, {"type": {"$regex": ".*"}})
    with pytest.raises(SearchError, match="sort field"):
        q.search_jobs(engine, sort=[Sort("bpmn_xml")])
    with pytest.raises(SearchError, match="cursor"):
        q.search_jobs(engine, after="not-a-cursor!")
    with pytest.raises(SearchError, match="limit"):
        q.search_jobs(engine, limit=0)
    cursor = q.search_jobs(engine, limit=1).end_cursor
    with pytest.raises(SearchError, match="both"):
        q.search_jobs(engine, after=cursor, before=cursor)


def test_migrations_from_empty_match_the_schema(read_model_url: str) -> None:
    engine = create_engine(read_model_url)
    try:
        assert current_revision(engine) is None
        migrate(read_model_url)
        migrate(read_model_url)  # again: nothing to do
        assert current_revision(engine) == head_revision()
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_the_package_surface_is_sorted_and_resolves() -> None:
    import broker.exporters.sql as package

    assert package.__all__ == sorted(package.__all__)
    for name in package.__all__:
        assert hasattr(package, name), name
