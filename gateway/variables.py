"""Variables documents from clients: JSON objects only, within a size limit.

Zeebe's protocol sends variables as JSON text. An empty text means "no variables"; anything
else must be a JSON object (not an array, a number, `null`...), at most `limit` UTF-8 bytes,
and plain JSON (no `NaN`/`Infinity`, which Python's parser would otherwise accept). Every
refusal is INVALID_ARGUMENT naming the request field, so a client knows what to fix.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import invalid_argument

DEFAULT_MAX_VARIABLES_BYTES = 1024 * 1024  # well under the log's 4 MiB batch limit


def _no_constants(name: str) -> Any:
    raise ValueError(f"'{name}' is not JSON")


def parse_variables(
    text: str, field: str, limit: int = DEFAULT_MAX_VARIABLES_BYTES
) -> dict[str, Any]:
    """The object `text` holds; `{}` for empty text. `field` names the request field."""
    if not text.strip():
        return {}
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise invalid_argument(
            f"Expected '{field}' to be at most {limit} bytes of JSON, but it is {size} bytes"
        )
    try:
        document = json.loads(text, parse_constant=_no_constants)
    except (ValueError, RecursionError) as error:
        detail = "too deeply nested" if isinstance(error, RecursionError) else str(error)
        raise invalid_argument(
            f"Expected '{field}' to be a JSON object, but it is not valid JSON: {detail}"
        ) from None
    return check_object(document, field)


def check_object(document: object, field: str) -> dict[str, Any]:
    """`document` if it is a JSON object (a dict with text keys), else INVALID_ARGUMENT."""
    if not isinstance(document, dict):
        kind = "null" if document is None else type(document).__name__
        kind = {"list": "an array", "str": "a string", "bool": "a boolean"}.get(kind, kind)
        raise invalid_argument(
            f"Expected '{field}' to be a JSON object, but it is {kind}: the root of a "
            f'variables document must be an object such as {{"a": 1}}'
        )
    return document


__all__ = ["DEFAULT_MAX_VARIABLES_BYTES", "check_object", "parse_variables"]
