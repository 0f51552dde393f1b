"""One blueprint module per resource; views parse, call one service function, serialise."""


def register_blueprints(api):
    from . import auth, campaigns, field_mappings, health, integrations, memberships, people, settings, sync, team
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for module in (health, auth, team, integrations, settings, field_mappings, campaigns, memberships, people, sync):
        api.register_blueprint(module.blp)
