"""The shared rolling-window limiter: several processes on one database never exceed N per window."""
import multiprocessing
import sqlite3
import time

import pytest
from sqlalchemy import create_engine, text

from server.ratelimit import RateLimiter
from support import TEST_DATABASE_URL, postgres_database

SCHEMA = [
    "CREATE TABLE integrations (id INTEGER PRIMARY KEY)",
    "CREATE TABLE exelare_requests (id INTEGER PRIMARY KEY, integration_id INTEGER, at FLOAT)",
    "INSERT INTO integrations (id) VALUES (1)",
]


@pytest.fixture
def db_url(tmp_path):
    if TEST_DATABASE_URL:  # the same tests on PostgreSQL (the limiter locks the integration row there)
        with postgres_database() as url:
            engine = create_engine(url)
            with engine.begin() as conn:
                for statement in SCHEMA:
                    conn.execute(text(statement.replace("id INTEGER PRIMARY KEY,", "id SERIAL PRIMARY KEY,")))
            engine.dispose()
            yield url
        return
    path = tmp_path / "limits.db"
    with sqlite3.connect(path) as conn:
        for statement in SCHEMA:
            conn.execute(statement)
    yield f"sqlite:///{path}"


def _hammer(db_url, limit, window, count, out):
    engine = create_engine(db_url, connect_args={} if db_url.startswith("postgresql") else {"timeout": 30})
    limiter = RateLimiter(engine, 1, limit, window)
    for _ in range(count):
        limiter.acquire()
        out.put(time.time())
        limiter.release()


def test_processes_sharing_a_limiter_never_exceed_the_window(db_url):
    limit, window, per_process, processes = 5, 1.0, 6, 3
    out = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_hammer, args=(db_url, limit, window, per_process, out))
               for _ in range(processes)]
    for worker in workers:
        worker.start()
    times = sorted(out.get(timeout=30) for _ in range(per_process * processes))
    for worker in workers:
        worker.join(timeout=10)
    # Any limit+1 consecutive requests span at least one window.
    spans = [times[i + limit] - times[i] for i in range(len(times) - limit)]
    assert min(spans) >= window * 0.99
    # And the limiter is not idle: 18 requests at 5 a second need ~3 windows, not many more.
    assert times[-1] - times[0] < window * 4.5


def test_wait_time_reports_when_slots_free(db_url):
    now = [1000.0]
    engine = create_engine(db_url)
    limiter = RateLimiter(engine, 1, 3, 60.0, clock=lambda: now[0], sleep=lambda s: None)
    for offset in (0, 10, 20):
        now[0] = 1000.0 + offset
        assert limiter.try_acquire() == 0.0
        limiter.release()
    now[0] = 1030.0
    assert limiter.wait_time() == pytest.approx(30.05)     # the first slot frees at 1060 (+ margin)
    assert limiter.wait_time(slots=2) == pytest.approx(40.05)
    assert limiter.try_acquire() == pytest.approx(30.05)
    now[0] = 1060.1
    assert limiter.try_acquire() == 0.0


def test_acquire_gives_up_past_max_wait(db_url):
    engine = create_engine(db_url)
    limiter = RateLimiter(engine, 1, 1, 60.0)
    limiter.acquire()
    limiter.release()
    with pytest.raises(TimeoutError):
        limiter.acquire(max_wait=0.5)
