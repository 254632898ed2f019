"""Message commands: one processor per command (publish, expire, correlate; both sides of a
subscription)."""

from __future__ import annotations

from ...records.intents import (
    MessageCorrelationIntent,
    MessageIntent,
    MessageSubscriptionIntent,
    ProcessMessageSubscriptionIntent,
)
from ..context import ProcessorTable
from .process_subscription import (
    CorrelateProcessMessageSubscription,
    CreateProcessMessageSubscription,
    DeleteProcessMessageSubscription,
)
from .publish import CorrelateMessage, ExpireMessage, PublishMessage
from .subscription import (
    CorrelateMessageSubscription,
    CreateMessageSubscription,
    DeleteMessageSubscription,
    RejectMessageSubscription,
)

PROCESSORS: ProcessorTable = {
    MessageIntent.PUBLISH: PublishMessage,
    MessageIntent.EXPIRE: ExpireMessage,
    MessageCorrelationIntent.CORRELATE: CorrelateMessage,
    MessageSubscriptionIntent.CREATE: CreateMessageSubscription,
    MessageSubscriptionIntent.CORRELATE: CorrelateMessageSubscription,
    MessageSubscriptionIntent.REJECT: RejectMessageSubscription,
    MessageSubscriptionIntent.DELETE: DeleteMessageSubscription,
    ProcessMessageSubscriptionIntent.CREATE: CreateProcessMessageSubscription,
    ProcessMessageSubscriptionIntent.CORRELATE: CorrelateProcessMessageSubscription,
    ProcessMessageSubscriptionIntent.DELETE: DeleteProcessMessageSubscription,
}
