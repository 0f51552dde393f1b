"""Demo mode: a local Exelare sandbox and a demo team, so a newcomer can click through everything."""
import json
import os
import secrets

from .config import instance_path, secret_file
from .exelare.sandbox import create_sandbox_app, serve_in_thread

DEMO_COMPANY = "DEMO"


def _demo_secrets():
    """Random demo passwords, made once and kept in instance/ (never in the repository)."""
    return json.loads(secret_file(instance_path() / "demo.json", lambda: json.dumps({
        "admin_password": secrets.token_urlsafe(9), "member_password": secrets.token_urlsafe(9),
        "exelare_username": "demo-api", "exelare_password": secrets.token_urlsafe(12)})))


def start_sandbox(host="127.0.0.1"):
    values = _demo_secrets()
    port = int(os.environ.get("SANDBOX_PORT", "8001"))
    app = create_sandbox_app(
        rate_limit=int(os.environ.get("SANDBOX_RATE_LIMIT", "20")),
        db_path=str(instance_path() / "sandbox.db"),
        accounts={DEMO_COMPANY: {"username": values["exelare_username"], "password": values["exelare_password"]}})
    server = serve_in_thread(app, host=host, port=port)
    print(f"Exelare sandbox (a local stand-in, not Exelare) on {server.url}", flush=True)
    return server


def seed(app, sandbox):
    """Create the demo team once; print how to sign in every time."""
    from sqlalchemy import select

    from .extensions import db
    from .models import Campaign, User
    from .services import accounts, integrations
    values = _demo_secrets()
    with app.app_context():
        if db.session.scalar(select(User).where(User.email == "admin@demo.test")) is None:
            team, admin = accounts.create_team("Demo Recruiting", "admin@demo.test",
                                               values["admin_password"], "Dana Admin")
            member = accounts.add_user(team, "recruiter@demo.test", values["member_password"],
                                       "member", "Riley Recruiter")
            db.session.add(Campaign(team_id=team.id, created_by_id=admin.id, name="Backend engineers (Berlin)",
                                    type="email", sync_as="candidate", settings={}))
            db.session.add(Campaign(team_id=team.id, created_by_id=member.id, name="Hiring managers, fintech",
                                    type="linkedin", sync_as="contact", settings={}))
            db.session.commit()
            integrations.save_and_verify(team.id, {
                "base_url": sandbox.api_url, "username": values["exelare_username"],
                "password": values["exelare_password"], "company_id": DEMO_COMPANY,
                "api_source_id": "outreach-demo", "requests_per_minute": 20})
    print("Demo team ready. Sign in with:\n"
          f"  admin:     admin@demo.test / {values['admin_password']}\n"
          f"  recruiter: recruiter@demo.test / {values['member_password']}", flush=True)
