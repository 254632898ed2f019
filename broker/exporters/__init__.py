"""Exporting committed records: the ``Exporter`` protocol, the director that feeds each
exporter, and the JSON-lines file exporter."""

from .director import ExporterDirector
from .jsonl import JsonLinesExporter
from .protocol import Exporter

__all__ = ["Exporter", "ExporterDirector", "JsonLinesExporter"]
