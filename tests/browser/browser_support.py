"""Browser tests: the real product (`python -m server`, demo mode) and Debian's Chromium via Playwright."""
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
                 "--disable-dev-shm-usage"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stack:
    """`python -m server` in demo mode in a fresh instance folder: API, worker and sandbox."""

    def __init__(self, tmp, extra_env=None):
        self.tmp = Path(tmp)
        self.port, self.sandbox_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.sandbox_url = f"http://127.0.0.1:{self.sandbox_port}"
        self.env = dict(os.environ, INSTANCE_PATH=str(self.tmp / "instance"), PORT=str(self.port),
                        SANDBOX_PORT=str(self.sandbox_port), APP_ENV="development",
                        PYTHONUNBUFFERED="1", **(extra_env or {}))
        self.env.pop("EXELARE_DEFAULT_BASE_URL", None)
        self.proc = None
        self.log_path = self.tmp / "server.log"

    def start(self, timeout=60):
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen([sys.executable, "-m", "server"], cwd=REPO, env=self.env,
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if requests.get(f"{self.url}/api/openapi.json", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("server exited:\n" + self.log_path.read_text()[-3000:])
            time.sleep(0.3)
        else:
            raise RuntimeError("server did not start:\n" + self.log_path.read_text()[-3000:])
        self.credentials = self._read_credentials()
        return self

    def _read_credentials(self):
        """The demo sign-ins the run command printed, as a newcomer would read them."""
        text = self.log_path.read_text()
        return {role: (email, password) for role, email, password
                in re.findall(r"(admin|recruiter):\s+(\S+@\S+) / (\S+)", text)}

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        if getattr(self, "log", None):
            self.log.close()

    def login(self, role="admin"):
        email, password = self.credentials[role]
        response = requests.post(f"{self.url}/api/auth/login", json={"email": email, "password": password}, timeout=5)
        response.raise_for_status()
        return response.json()["token"]

    def api(self, method, path, token, **kw):
        return requests.request(method, f"{self.url}{path}", headers={"Authorization": f"Bearer {token}"},
                                timeout=10, **kw)

    def sandbox(self, what, **params):
        response = requests.get(f"{self.sandbox_url}/_sandbox/{what}", params={"CompanyID": "DEMO", **params},
                                timeout=5)
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """A running product for one test module."""
    running = Stack(tmp_path_factory.mktemp("stack")).start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        yield p


@pytest.fixture
def browser_page(playwright_instance, tmp_path):
    """A plain Chromium page (no extension) for the admin web pages."""
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()
    browser.close()


@pytest.fixture
def extension_context(playwright_instance, tmp_path):
    """A persistent Chromium profile with the unpacked extension (the repo root) loaded."""
    args = CHROMIUM_ARGS + [f"--disable-extensions-except={REPO}", f"--load-extension={REPO}"]
    context = playwright_instance.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=args, headless=True,
        viewport={"width": 1280, "height": 800})
    yield context
    context.close()


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
