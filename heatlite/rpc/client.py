"""EngineClient: the only way the API reaches the engine.

The calls live in one module per family (stack_calls, ...), all on
rpc.base.RPCClientBase; EngineClient is their union. Every call is one
versioned RPC call on topic ``engine`` (see rpc/base.py for errors and
timeouts).

API version history (rpc.base.RPC_API_VERSION is the newest; each call
names the version that introduced it):
    1.0 - create_stack, list_stacks, count_stacks, show_stack, identify_stack,
          delete_stack, get_template, list_stack_resources,
          describe_stack_resource, list_events, get_revision
"""

from __future__ import annotations

from heatlite.rpc.base import BASE_RPC_API_VERSION, RPC_API_VERSION
from heatlite.rpc.stack_calls import StackCalls

__all__ = ["BASE_RPC_API_VERSION", "RPC_API_VERSION", "EngineClient"]


class EngineClient(StackCalls):
    """Client side of the engine RPC API (server: heatlite.engine.endpoints)."""
