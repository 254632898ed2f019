"""Exporting committed records: the ``Exporter`` protocol, the director that feeds each
exporter, the JSON-lines file exporter, the Kafka audit exporter and the SQL read model."""

from .configured import ExporterConfig, build_exporters, prepare_read_models
from .director import ExporterDirector
from .jsonl import JsonLinesExporter
from .kafka import KafkaExporter
from .kafka_config import KafkaExporterConfig
from .protocol import Exporter
from .sql import SqlExporter, SqlExporterConfig

__all__ = [
    "Exporter",
    "ExporterConfig",
    "ExporterDirector",
    "JsonLinesExporter",
    "KafkaExporter",
    "KafkaExporterConfig",
    "SqlExporter",
    "SqlExporterConfig",
    "build_exporters",
    "prepare_read_models",
]
