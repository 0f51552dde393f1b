"""Read-only Exelare calls made during a request (preview, CRM search).

They share the integration's rate limit with the workers, wait only briefly
for a slot, and turn every Exelare failure into an API error in words.
"""
from contextlib import contextmanager


from ..errors import AppError, Conflict, ExelareRefused
from ..exelare import errors as xe
from .integrations import client_for, get_integration, limiter_for, mark_error

MAX_WAIT_SECONDS = 8.0


class Throttled(AppError):
    status, code = 429, "rate_limited"


@contextmanager
def reading_client(team_id):
    integration = get_integration(team_id)
    if integration is None or integration.status != "connected":
        raise Conflict("Exelare is not connected: an admin can connect it on the integrations page.")
    limiter = limiter_for(integration)
    client = client_for(integration, before_request=lambda op: limiter.acquire(max_wait=MAX_WAIT_SECONDS),
                        after_request=lambda op: limiter.release())
    try:
        with client:
            yield client
    except TimeoutError:
        wait = int(limiter.wait_time() or 1) + 1
        raise Throttled(f"Exelare's request budget is in use by the sync; try again in {wait} s.",
                        headers={"Retry-After": str(wait)}) from None
    except xe.RateLimitError as err:
        wait = int(err.retry_after or 60)
        raise Throttled(f"Exelare is throttling this account; try again in {wait} s.",
                        headers={"Retry-After": str(wait)}) from None
    except xe.AuthenticationError:
        mark_error(integration, "Exelare refused the saved credentials (401). Save them again to resume syncing.")
        raise ExelareRefused("Exelare refused the saved credentials; an admin must save them again.") from None
    except xe.ExelareError as err:
        raise ExelareRefused(f"Exelare could not answer: {err.message}") from None
