"""Field types and checks every resource shares: keys, variables, tenants, dates.

Keys are strings of digits in JSON (Camunda v2 sends them so, since JavaScript numbers lose
precision past 2^53); requests may also send a number. A key is positive and below 2^63.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

from engine.records.values import DEFAULT_TENANT

from ..errors import invalid_argument
from ..variables import check_object

_MAX_KEY = 2**63 - 1
_INT64 = (-(2**63), 2**63 - 1)
KEY_PATTERN = "^[0-9]{1,19}$"


def _key(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        key = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        key = int(value)
    else:
        raise ValueError(f"a key is a string of digits, got {value!r:.40}")
    if not 0 < key <= _MAX_KEY:
        raise ValueError(f"a key is positive and below 2^63, got {key}")
    return key


Key = Annotated[
    int,
    BeforeValidator(_key),
    WithJsonSchema({"type": "string", "pattern": KEY_PATTERN, "example": "2251799813685249"}),
]


def path_key(text: str, field: str) -> int:
    """A key from the URL path; a malformed one is a 400 naming `field`."""
    try:
        return _key(text)
    except ValueError as error:
        raise invalid_argument(f"Expected '{field}' to be a key, but {error}") from None


def _plain(value: Any, field: str, depth: int = 0) -> None:
    # What the engine can store: int64 numbers, finite floats, bounded depth.
    if depth > 100:
        raise invalid_argument(f"Expected '{field}' to be nested at most 100 deep")
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, int):
        if not _INT64[0] <= value <= _INT64[1]:
            raise invalid_argument(
                f"Expected the numbers in '{field}' to fit in 64 bits, but got {value}"
            )
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise invalid_argument(f"Expected the numbers in '{field}' to be finite")
    elif isinstance(value, dict):
        for item in value.values():
            _plain(item, field, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _plain(item, field, depth + 1)


def variables(document: object, field: str, limit: int) -> dict[str, Any]:
    """A variables document from a request body: a JSON object of at most `limit` bytes."""
    if document is None:
        return {}
    checked = check_object(document, field)
    _plain(checked, field)
    try:
        size = len(json.dumps(checked, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    except (ValueError, TypeError, RecursionError) as error:
        raise invalid_argument(f"Expected '{field}' to be plain JSON, but: {error}") from None
    if size > limit:
        raise invalid_argument(
            f"Expected '{field}' to be at most {limit} bytes of JSON, but it is {size} bytes"
        )
    return checked


def tenant(tenant_id: str | None) -> str:
    """Baton has one tenant, `<default>`; an absent or empty id means it too."""
    if tenant_id in (None, "", DEFAULT_TENANT):
        return DEFAULT_TENANT
    raise invalid_argument(
        f"Expected 'tenantId' to be '{DEFAULT_TENANT}' or absent, but got '{tenant_id}': "
        "multi-tenancy is not supported"
    )


def iso(epoch_ms: int | None) -> str | None:
    """Epoch milliseconds as ISO 8601 in UTC, as Camunda's dates read."""
    if epoch_ms is None or epoch_ms < 0:
        return None
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def epoch_ms(text: object, field: str) -> int:
    """An ISO 8601 date-time (or epoch ms) from a filter, as epoch milliseconds."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    if isinstance(text, str):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return int(moment.timestamp() * 1000)
    raise invalid_argument(f"Expected '{field}' to be an ISO 8601 date-time, but got {text!r:.60}")


def key_text(key: int | None) -> str | None:
    return None if key is None or key < 0 else str(key)


__all__ = [
    "KEY_PATTERN",
    "Key",
    "epoch_ms",
    "iso",
    "key_text",
    "path_key",
    "tenant",
    "variables",
]
