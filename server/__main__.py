"""`python -m server`: run the product (API + sync worker, and the sandbox in demo mode).

    python -m server               API on $HOST:$PORT, a worker process, and, when no
                                   Exelare is configured, the local sandbox + a demo team
    python -m server worker        only the queue worker (run several for more throughput)
    python -m server keys          print fresh SECRET_KEY and FERNET_KEY values
    python -m server <flask cmd>   e.g. create-team, db upgrade, sweep
"""
import logging
import os
import signal
import subprocess
import sys


def _serve():
    from waitress import serve

    from . import create_app, demo
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    sandbox = None
    if not os.environ.get("EXELARE_DEFAULT_BASE_URL") and os.environ.get("DEMO", "1") != "0":
        sandbox = demo.start_sandbox(host)
        os.environ["EXELARE_DEFAULT_BASE_URL"] = sandbox.api_url
    app = create_app()
    if sandbox is not None:
        demo.seed(app, sandbox)
    worker = subprocess.Popen([sys.executable, "-m", "server", "worker"], env=dict(os.environ))

    def _stop(*_):
        worker.terminate()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, _stop)
    print(f"API and admin pages on http://{host}:{port}/  (worker pid {worker.pid})", flush=True)
    try:
        serve(app, host=host, port=port, threads=int(os.environ.get("WEB_THREADS", "8")), ident="exelare-sync")
    finally:
        worker.terminate()
        worker.wait(timeout=10)
        if sandbox is not None:
            sandbox.shutdown()


def _worker():
    from . import create_app
    app = create_app()
    huey = app.extensions["queue"].huey
    workers = int(os.environ.get("WORKER_THREADS", "4"))
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True,
                                    check_worker_health=True, scheduler_interval=1)
    # A restarted worker recovers what a dead one left at once, not at the next periodic sweep.
    from .services import jobs
    with app.app_context():
        try:
            jobs.sweep(app.extensions["queue"])
        except Exception:  # the periodic sweep tries again; the worker must start regardless
            logging.getLogger(__name__).exception("start-up sweep failed")
    print(f"sync worker started with {workers} threads", flush=True)
    consumer.run()


def _keys():
    import secrets

    from cryptography.fernet import Fernet
    print(f"SECRET_KEY={secrets.token_urlsafe(48)}")
    print(f"FERNET_KEY={Fernet.generate_key().decode()}")


def main(argv):
    command = argv[0] if argv else "serve"
    if command == "serve":
        return _serve()
    if command == "worker":
        return _worker()
    if command == "keys":
        return _keys()
    from flask.cli import FlaskGroup

    from . import create_app
    FlaskGroup(create_app=lambda: create_app()).main(args=argv, prog_name="python -m server")


if __name__ == "__main__":
    main(sys.argv[1:])
