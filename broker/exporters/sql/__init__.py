"""The SQL read model: its schema and migrations, the exporter that fills it, and searches.

SQLite (a file) is the embedded default, PostgreSQL (``postgresql+psycopg://``) the production
choice; see docs/read-model.md.
"""

from ._paging import Page, SearchError, Sort
from .exporter import (
    SqlExporter,
    SqlExporterConfig,
    SqlExportError,
    apply_batch,
    create_read_model_engine,
)
from .migrate import current_revision, head_revision, migrate

__all__ = [
    "Page",
    "SearchError",
    "Sort",
    "SqlExportError",
    "SqlExporter",
    "SqlExporterConfig",
    "apply_batch",
    "create_read_model_engine",
    "current_revision",
    "head_revision",
    "migrate",
]
