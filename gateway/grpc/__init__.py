"""The Zeebe gRPC gateway (`gateway_protocol.Gateway`) over Baton's broker."""

from ._calls import BrokerCalls
from ._topology import PartitionState, TopologySource
from .server import GATEWAY_SERVICE, SERVER_OPTIONS, GrpcGateway
from .servicer import GatewayOptions, GatewayServicer

__all__ = [
    "GATEWAY_SERVICE",
    "SERVER_OPTIONS",
    "BrokerCalls",
    "GatewayOptions",
    "GatewayServicer",
    "GrpcGateway",
    "PartitionState",
    "TopologySource",
]
