"""A rolling-window rate limiter per integration, shared by every worker process.

Exelare allows N requests in any 60 seconds per account and counts them when
they arrive. Each request takes a slot row in ``exelare_requests`` before it
is sent and the slot's time is moved to when the response came back: the
arrival time at Exelare lies between the two, so our window never ends before
Exelare's does and a full-speed worker receives no 429. The slots live in
the application database, which every worker on every machine shares.
"""
import time

from sqlalchemy import text

# Clock skew and scheduling noise between our completion time and Exelare's count.
SAFETY_MARGIN_SECONDS = 0.05

_TAKE_SLOT = text(
    "INSERT INTO exelare_requests (integration_id, at) "
    "SELECT :iid, :now WHERE (SELECT COUNT(*) FROM exelare_requests "
    "WHERE integration_id = :iid AND at > :since) < :limit"
)
_TAKE_SLOT_RETURNING_ID = text(_TAKE_SLOT.text + " RETURNING id")


class RateLimiter:
    """Slots for one integration. ``engine`` is a SQLAlchemy engine (its own transactions)."""

    def __init__(self, engine, integration_id, limit, window_seconds, clock=time.time, sleep=time.sleep):
        self.engine = engine
        self.integration_id = integration_id
        self.limit = limit
        self.window = window_seconds
        self.clock = clock
        self.sleep = sleep
        self._slot = None

    def try_acquire(self):
        """Take a slot now and return 0.0, or return how many seconds until one frees."""
        with self.engine.begin() as conn:
            # Serialises takers on PostgreSQL; SQLite runs the INSERT ... SELECT atomically.
            if conn.dialect.name != "sqlite":
                conn.execute(text("SELECT id FROM integrations WHERE id = :iid FOR UPDATE"),
                             {"iid": self.integration_id})
            now = self.clock()
            since = now - self.window - SAFETY_MARGIN_SECONDS
            params = {"iid": self.integration_id, "now": now, "since": since, "limit": self.limit}
            if conn.dialect.name == "sqlite":
                result = conn.execute(_TAKE_SLOT, params)
                slot = result.lastrowid if result.rowcount == 1 else None
            else:  # psycopg's cursor has no lastrowid: PostgreSQL returns the new id instead
                slot = conn.execute(_TAKE_SLOT_RETURNING_ID, params).scalar()
            if slot is not None:
                self._slot = slot
                conn.execute(text("DELETE FROM exelare_requests WHERE integration_id = :iid AND at < :old"),
                             {"iid": self.integration_id, "old": now - 2 * self.window})
                return 0.0
            return max(0.01, self._wait(conn, now, slots=1))

    def _count(self, conn, since):
        return conn.execute(text("SELECT COUNT(*) FROM exelare_requests WHERE integration_id = :iid AND at > :since"),
                            {"iid": self.integration_id, "since": since}).scalar()

    def _wait(self, conn, now, slots):
        """Seconds from ``now`` until ``slots`` more requests fit in the window."""
        since = now - self.window - SAFETY_MARGIN_SECONDS
        excess = self._count(conn, since) + slots - self.limit
        if excess <= 0:
            return 0.0
        # The slot whose expiry makes room: the excess-th oldest in the window.
        at = conn.execute(
            text("SELECT at FROM exelare_requests WHERE integration_id = :iid AND at > :since "
                 "ORDER BY at LIMIT 1 OFFSET :skip"),
            {"iid": self.integration_id, "since": since, "skip": excess - 1}).scalar()
        return max(0.0, (at or now) + self.window + SAFETY_MARGIN_SECONDS - now)

    def acquire(self, max_wait=None, on_wait=None, step=None):
        """Block until a slot is taken. Returns seconds waited; raises TimeoutError past max_wait.

        ``on_wait(seconds)`` is called before each sleep and may raise to give up waiting;
        ``step`` caps each sleep, so ``on_wait`` is asked again at least that often.
        """
        waited = 0.0
        while True:
            wait = self.try_acquire()
            if wait == 0.0:
                return waited
            if on_wait is not None:
                on_wait(wait)
            if max_wait is not None and waited + wait > max_wait:
                raise TimeoutError(f"no Exelare request slot within {max_wait:.0f}s")
            pause = min(wait, step) if step else wait
            self.sleep(pause)
            waited += pause

    def release(self):
        """Move the last slot to the completion time of its request."""
        if self._slot is None:
            return
        with self.engine.begin() as conn:
            conn.execute(text("UPDATE exelare_requests SET at = :now WHERE id = :id"),
                         {"now": self.clock(), "id": self._slot})
        self._slot = None

    def wait_time(self, slots=1):
        """Seconds until ``slots`` requests could be made, without taking any."""
        with self.engine.connect() as conn:
            return self._wait(conn, self.clock(), slots)
