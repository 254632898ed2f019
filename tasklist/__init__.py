"""The tasklist web app: tasks and forms for people, process and instance views for
operators, and a modeler. See docs/tasklist.md.

    app.mount("/tasklist", create_tasklist(settings, broker_client, read_model_url))
"""

from .app import create_tasklist, dispose_tasklist, install_tasklist, load_settings
from .auth import Identity, hash_password
from .settings import OidcSettings, SettingsError, TasklistSettings, User

__all__ = [
    "Identity",
    "OidcSettings",
    "SettingsError",
    "TasklistSettings",
    "User",
    "create_tasklist",
    "dispose_tasklist",
    "hash_password",
    "install_tasklist",
    "load_settings",
]
