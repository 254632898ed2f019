"""What Topology answers: one node (Baton runs no replicas) leading every partition.

A partition is HEALTHY while its stream processor runs, UNHEALTHY once stopped or failed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pyzeebe.proto import gateway_pb2 as pb

BROKER_VERSION = "8.6.0"  # the Zeebe protocol version Baton's records follow


@dataclass(frozen=True, slots=True)
class PartitionState:
    partition_id: int
    healthy: bool


class TopologySource:
    """Answers Topology from `partitions()`, read at each call (health changes)."""

    def __init__(
        self, host: str, port: int, partitions: Callable[[], Sequence[PartitionState]]
    ) -> None:
        self.host = host
        self.port = port
        self._partitions = partitions

    def all_healthy(self) -> bool:
        states = self._partitions()
        return bool(states) and all(state.healthy for state in states)

    def topology(self) -> pb.TopologyResponse:
        states = self._partitions()
        partitions = [
            pb.Partition(
                partitionId=state.partition_id,
                role=pb.Partition.LEADER,
                health=pb.Partition.HEALTHY if state.healthy else pb.Partition.UNHEALTHY,
            )
            for state in states
        ]
        broker = pb.BrokerInfo(
            nodeId=0, host=self.host, port=self.port, partitions=partitions, version=BROKER_VERSION
        )
        return pb.TopologyResponse(
            brokers=[broker],
            clusterSize=1,
            partitionsCount=len(states),
            replicationFactor=1,
            gatewayVersion=BROKER_VERSION,
        )
