"""MESSAGE PUBLISH, EXPIRE, and MESSAGE_CORRELATION CORRELATE, on the message's partition.

PUBLISH: a message id already buffered for the same name and correlation key is refused
ALREADY_EXISTS; otherwise PUBLISHED (buffered until `deadline` = now + time to live), then
correlated (`correlator.py`); a time to live of 0 or less expires it in the same batch.
EXPIRE (written by the scheduler from `Engine.due_commands`): EXPIRED, unless gone already.
CORRELATE: correlates now, without buffering, and answers CORRELATED with the first process
instance reached, or NOT_FOUND when nothing waits for the message.
"""

from __future__ import annotations

import msgspec

from ...records.enums import RejectionType
from ...records.intents import MessageCorrelationIntent, MessageIntent
from ...records.record import Record
from ...records.values import MessageCorrelationRecordValue, MessageRecordValue
from ..context import ProcessingContext
from ..errors import Rejection
from ..writer import RecordWriter
from .correlator import MessageCorrelator


class PublishMessage:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx
        self._correlator = MessageCorrelator(ctx)

    def process(self, command: Record[MessageRecordValue], out: RecordWriter) -> None:
        message = command.value
        if not message.name:
            raise Rejection(
                RejectionType.INVALID_ARGUMENT,
                "Expected to publish a message with a name, but the name is empty",
            )
        if message.message_id and self._ctx.state.messages.id_exists(
            message.tenant_id, message.name, message.correlation_key, message.message_id
        ):
            raise Rejection(
                RejectionType.ALREADY_EXISTS,
                f"Expected to publish a new message with id '{message.message_id}', but a "
                f"message with that id was already published",
            )
        key = self._ctx.keys.next_key()
        ttl = max(message.time_to_live, 0)
        published = msgspec.structs.replace(message, time_to_live=ttl, deadline=out.now + ttl)
        out.respond(out.event(key, MessageIntent.PUBLISHED, published))
        self._correlator.correlate(out, published, key)
        if ttl <= 0:
            out.event(key, MessageIntent.EXPIRED, published)


class ExpireMessage:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[MessageRecordValue], out: RecordWriter) -> None:
        message = self._ctx.state.messages.get(command.key)
        if message is None:
            raise Rejection(
                RejectionType.NOT_FOUND,
                f"Expected to expire message with key '{command.key}', but no such message "
                f"was found",
            )
        out.event(command.key, MessageIntent.EXPIRED, message)


class CorrelateMessage:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx
        self._correlator = MessageCorrelator(ctx)

    def process(self, command: Record[MessageCorrelationRecordValue], out: RecordWriter) -> None:
        request = command.value
        message = MessageRecordValue(
            name=request.name,
            correlation_key=request.correlation_key,
            time_to_live=0,
            variables=request.variables,
            deadline=out.now,
            tenant_id=request.tenant_id,
        )
        subscriptions, starts = self._correlator.matches(message, -1)
        if not subscriptions and not starts:
            raise Rejection(
                RejectionType.NOT_FOUND,
                f"Expected to find subscription for message with name '{request.name}' and "
                f"correlation key '{request.correlation_key}', but none was found",
            )
        key = self._ctx.keys.next_key()
        out.event(key, MessageIntent.PUBLISHED, message)
        reached = self._correlator.correlate(out, message, key)
        out.event(key, MessageIntent.EXPIRED, message)
        correlated = msgspec.structs.replace(
            request, message_key=key, process_instance_key=reached[0]
        )
        out.respond(out.event(key, MessageCorrelationIntent.CORRELATED, correlated))
