"""Configuration from the environment, with safe defaults.

Every setting can be given as an environment variable of the same name.
Development and tests generate their secrets once into ``instance/`` (which
git ignores); any other environment refuses to start without them, because
a guessed default secret would let anyone forge a sign-in token.
"""
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet

DEV_ENVIRONMENTS = ("development", "testing")


class ConfigError(RuntimeError):
    """Raised at start-up when the configuration cannot work; the message says what to set."""


def instance_path():
    """Where local state lives: $INSTANCE_PATH, else instance/ beside server/ (git-ignored)."""
    path = Path(os.environ.get("INSTANCE_PATH") or Path(__file__).resolve().parent.parent / "instance")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _env_int(name, default):
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None


def _env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_file(path, make):
    """The text of a local secret file, created (mode 0600, never replaced) the first time."""
    path = Path(path)
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


def load_config(instance_path, overrides=None):
    """Build the Flask config dict: environment first, then ``overrides`` (tests)."""
    overrides = dict(overrides or {})
    env = overrides.get("APP_ENV") or os.environ.get("APP_ENV", "development")
    instance = Path(instance_path)
    config = {
        "APP_ENV": env,
        "TESTING": env == "testing",
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "FERNET_KEY": os.environ.get("FERNET_KEY"),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL")
        or f"sqlite:///{instance / 'app.db'}",
        "QUEUE_URL": os.environ.get("QUEUE_URL") or f"sqlite:///{instance / 'queue.db'}",
        "TOKEN_MAX_AGE_SECONDS": _env_int("TOKEN_MAX_AGE_SECONDS", 12 * 3600),
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "CORS_ORIGINS": _env_list("CORS_ORIGINS"),
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        "EXELARE_READS_RATE_LIMIT": os.environ.get("EXELARE_READS_RATE_LIMIT", "10 per minute"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "EXELARE_DEFAULT_BASE_URL": os.environ.get("EXELARE_DEFAULT_BASE_URL", ""),
        "EXELARE_TIMEOUT_SECONDS": float(os.environ.get("EXELARE_TIMEOUT_SECONDS", "15")),
        # The length of Exelare's throttle window; only benchmarks shorten it
        # to run a 20-per-minute account at a faster, proportional pace.
        "EXELARE_WINDOW_SECONDS": float(os.environ.get("EXELARE_WINDOW_SECONDS", "60")),
        "SYNC_MAX_ATTEMPTS": _env_int("SYNC_MAX_ATTEMPTS", 6),
        "SYNC_BACKOFF_BASE_SECONDS": float(os.environ.get("SYNC_BACKOFF_BASE_SECONDS", "5")),
        "SYNC_JOB_TIMEOUT_SECONDS": _env_int("SYNC_JOB_TIMEOUT_SECONDS", 300),
        "SYNC_SWEEP_SECONDS": _env_int("SYNC_SWEEP_SECONDS", 30),
        "SYNC_SLICE_SECONDS": float(os.environ.get("SYNC_SLICE_SECONDS", "20")),
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        "API_TITLE": "Exelare sync API",
        "API_VERSION": "1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
    }
    config.update(overrides)
    _fill_secrets(config, instance)
    return config


def _fill_secrets(config, instance):
    missing = [key for key in ("SECRET_KEY", "FERNET_KEY") if not config.get(key)]
    if not missing:
        _check_fernet_key(config["FERNET_KEY"])
        return
    if config["APP_ENV"] not in DEV_ENVIRONMENTS:
        raise ConfigError(
            f"{' and '.join(missing)} must be set when APP_ENV={config['APP_ENV']!r}. "
            "Generate them with: python -m server keys"
        )
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = secret_file(
            instance / "secret_key", lambda: secrets.token_urlsafe(48))
    if not config.get("FERNET_KEY"):
        config["FERNET_KEY"] = secret_file(
            instance / "fernet_key", lambda: Fernet.generate_key().decode())
    _check_fernet_key(config["FERNET_KEY"])


def _check_fernet_key(key):
    try:
        Fernet(key)
    except (ValueError, TypeError):
        raise ConfigError("FERNET_KEY is not a valid Fernet key (32 url-safe base64 bytes)") from None
