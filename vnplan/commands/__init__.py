"""CLI commands beyond ``extract`` and ``schema``; each module has ``register(app)``."""
