"""Exporting committed records: the ``Exporter`` protocol and its implementations."""

from .protocol import Exporter

__all__ = ["Exporter"]
