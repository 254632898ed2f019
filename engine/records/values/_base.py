"""The base of every record value: frozen, keyword-only, camelCase on the wire.

Fields are snake_case in Python; `rename="camel"` makes MessagePack and JSON use Zeebe's names
(`bpmn_process_id` is `bpmnProcessId`). Defaults are Zeebe's "unset" values (-1 for keys and
numbers, "" for strings, the default tenant), so an empty value exports as Zeebe's does.

Values are encoded as maps, not arrays: a field added later with a default still decodes from
records written before it existed, which a durable log needs more than the bytes arrays save.
"""

from __future__ import annotations

import msgspec

# The tenant of everything when multi-tenancy is off (as Zeebe names it).
DEFAULT_TENANT = "<default>"


class RecordValue(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """A record's payload; one subclass per value type (see `engine.records.registry`)."""
