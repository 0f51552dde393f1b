"""One blueprint module per resource; views parse, call one service function, serialise."""


def register_blueprints(api):
    from . import auth, integrations, team
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for module in (auth, team, integrations):
        api.register_blueprint(module.blp)
