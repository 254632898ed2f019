"""The job store: activatable order, deadline and backoff indexes, one index per state."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.records.values import JobRecordValue
from engine.state import Column, InMemoryKeyValueStore, Jobs, JobState


def _jobs() -> tuple[Jobs, InMemoryKeyValueStore]:
    store = InMemoryKeyValueStore()
    return Jobs(store), store


def _index_entries(store: InMemoryKeyValueStore) -> int:
    return sum(
        1
        for column in (Column.JOB_ACTIVATABLE, Column.JOB_DEADLINES, Column.JOB_BACKOFF)
        for _ in store.scan(column.prefix)
    )


def test_activatable_jobs_come_by_priority_then_key() -> None:
    jobs, _ = _jobs()
    for key, priority in [(5, 0), (3, 0), (9, 10), (4, -2), (7, 10), (1, 0)]:
        jobs.create(key, JobRecordValue(type="pay", priority=priority, retries=3))
    jobs.create(2, JobRecordValue(type="ship", retries=3))
    jobs.create(6, JobRecordValue(type="pa", retries=3))  # a type that is a prefix of another
    assert list(jobs.activatable("pay")) == [7, 9, 1, 3, 5, 4]
    assert list(jobs.activatable("ship")) == [2]
    assert list(jobs.activatable("pa")) == [6]
    assert list(jobs.activatable("none")) == []


def test_activation_moves_a_job_to_the_deadline_index_in_deadline_order() -> None:
    jobs, store = _jobs()
    for key in (1, 2, 3):
        jobs.create(key, JobRecordValue(type="pay", retries=3))
    jobs.activate(1, JobRecordValue(type="pay", retries=3, deadline=3000))
    jobs.activate(2, JobRecordValue(type="pay", retries=3, deadline=1000))
    assert list(jobs.activatable("pay")) == [3]
    assert jobs.state(1) is JobState.ACTIVATED
    assert list(jobs.deadlines_until(999)) == []
    assert list(jobs.deadlines_until(1000)) == [(1000, 2)]
    assert list(jobs.deadlines_until(10**12)) == [(1000, 2), (3000, 1)]
    assert list(jobs.deadlines_until((1 << 63) - 1)) == [(1000, 2), (3000, 1)]
    assert _index_entries(store) == 3


def test_timeout_and_failure_return_a_job_to_the_pool() -> None:
    jobs, store = _jobs()
    jobs.create(1, JobRecordValue(type="pay", retries=3))
    jobs.activate(1, JobRecordValue(type="pay", retries=3, deadline=10))
    jobs.make_activatable(1, JobRecordValue(type="pay", retries=3))
    assert list(jobs.activatable("pay")) == [1]
    assert list(jobs.deadlines_until(100)) == []
    jobs.activate(1, JobRecordValue(type="pay", retries=3, deadline=10))
    jobs.fail(1, JobRecordValue(type="pay", retries=2))
    assert jobs.state(1) is JobState.ACTIVATABLE
    assert list(jobs.activatable("pay")) == [1]
    assert _index_entries(store) == 1


def test_failure_with_backoff_waits_in_the_backoff_index() -> None:
    jobs, store = _jobs()
    jobs.create(1, JobRecordValue(type="pay", retries=3))
    jobs.activate(1, JobRecordValue(type="pay", retries=3, deadline=10))
    jobs.fail(1, JobRecordValue(type="pay", retries=2, retry_backoff=500, recurring_time=600))
    assert jobs.state(1) is JobState.FAILED
    assert list(jobs.activatable("pay")) == []
    assert list(jobs.backoffs_until(599)) == []
    assert list(jobs.backoffs_until(600)) == [(600, 1)]
    assert _index_entries(store) == 1


def test_failure_without_retries_leaves_every_index() -> None:
    jobs, store = _jobs()
    jobs.create(1, JobRecordValue(type="pay", retries=1))
    jobs.activate(1, JobRecordValue(type="pay", retries=1, deadline=10))
    jobs.fail(1, JobRecordValue(type="pay", retries=0))
    assert jobs.state(1) is JobState.FAILED
    assert _index_entries(store) == 0
    jobs.update(1, JobRecordValue(type="pay", retries=2))  # retries updated: still FAILED
    assert jobs.get(1) == JobRecordValue(type="pay", retries=2)
    jobs.make_activatable(1, JobRecordValue(type="pay", retries=2))  # incident resolved
    assert list(jobs.activatable("pay")) == [1]


def test_update_keeps_the_state_and_reindexes_the_deadline() -> None:
    jobs, _ = _jobs()
    jobs.create(1, JobRecordValue(type="pay", retries=3))
    jobs.activate(1, JobRecordValue(type="pay", retries=3, deadline=100))
    jobs.update(1, JobRecordValue(type="pay", retries=3, deadline=900))
    assert jobs.state(1) is JobState.ACTIVATED
    assert list(jobs.deadlines_until(1000)) == [(900, 1)]
    jobs.update(404, JobRecordValue(type="pay"))  # unknown job: nothing happens
    assert jobs.get(404) is None


def test_throw_error_and_delete() -> None:
    jobs, store = _jobs()
    jobs.create(1, JobRecordValue(type="pay", retries=3))
    jobs.activate(1, JobRecordValue(type="pay", retries=3, deadline=100))
    jobs.throw_error(1, JobRecordValue(type="pay", retries=3, error_code="NO_FUNDS"))
    assert jobs.state(1) is JobState.ERROR_THROWN
    assert _index_entries(store) == 0
    jobs.delete(1)
    jobs.delete(1)
    assert jobs.get(1) is None
    assert jobs.state(1) is None
    assert list(store.scan(b"")) == []


# Random lifecycles: after every step, each job sits in exactly the index its state calls for.

_steps = st.lists(
    st.tuples(
        st.sampled_from(
            ["create", "activate", "make_activatable", "fail", "throw_error", "update", "delete"]
        ),
        st.integers(1, 4),  # job key
        st.integers(0, 2),  # retries
        st.integers(0, 1),  # backoff or not
        st.integers(-1, 1),  # priority
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(_steps)
def test_every_job_is_in_exactly_the_index_its_state_calls_for(steps: list[tuple]) -> None:
    jobs, store = _jobs()
    for action, key, retries, backoff, priority in steps:
        job = JobRecordValue(
            type="pay",
            retries=retries,
            priority=priority,
            deadline=1000 + key,
            retry_backoff=100 * backoff,
            recurring_time=2000 + key if backoff else -1,
        )
        getattr(jobs, action)(key, *(() if action == "delete" else (job,)))
        expected = {Column.JOB_ACTIVATABLE: set(), Column.JOB_DEADLINES: set()}
        expected[Column.JOB_BACKOFF] = set()
        for k in range(1, 5):
            state, stored = jobs.state(k), jobs.get(k)
            if state is JobState.ACTIVATABLE:
                expected[Column.JOB_ACTIVATABLE].add(k)
            elif state is JobState.ACTIVATED:
                expected[Column.JOB_DEADLINES].add(k)
            elif (
                state is JobState.FAILED
                and stored is not None
                and stored.retries > 0
                and stored.recurring_time >= 0
            ):
                expected[Column.JOB_BACKOFF].add(k)
        assert set(jobs.activatable("pay")) == expected[Column.JOB_ACTIVATABLE]
        assert {k for _, k in jobs.deadlines_until(10**6)} == expected[Column.JOB_DEADLINES]
        assert {k for _, k in jobs.backoffs_until(10**6)} == expected[Column.JOB_BACKOFF]
        assert _index_entries(store) == sum(len(keys) for keys in expected.values())
