"""Flask CLI commands (`flask --app server <command>`, or `python -m server <command>`)."""
import click
from flask import current_app
from flask.cli import with_appcontext

from .extensions import db


def init_app(app):
    app.cli.add_command(create_team_command)
    app.cli.add_command(sweep_command)


@click.command("create-team")
@click.option("--team", "team_name", required=True, help="The team's name.")
@click.option("--email", required=True, help="The first admin's email.")
@click.option("--name", default="", help="The first admin's name.")
@click.password_option("--password", help="The first admin's password (asked for when left out).")
@with_appcontext
def create_team_command(team_name, email, name, password):
    """Create a team and its first admin."""
    from .errors import AppError
    from .services import accounts
    try:
        team, admin = accounts.create_team(team_name, email, password, admin_name=name)
        db.session.commit()
    except AppError as err:
        db.session.rollback()
        raise click.ClickException(err.message) from None
    click.echo(f"Created team {team.name!r} (id {team.id}) with admin {admin.email}.")


@click.command("sweep")
@with_appcontext
def sweep_command():
    """Re-enqueue sync jobs left queued or stuck running (the worker does this every minute)."""
    from .services import jobs
    count = jobs.sweep(current_app.extensions["queue"])
    click.echo(f"Re-enqueued {count} integration(s).")
