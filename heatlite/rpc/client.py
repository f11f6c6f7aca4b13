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
    1.1 - validate_template, list_template_versions, list_template_functions,
          list_resource_types, resource_schema, generate_template,
          preview_stack (rpc.template_calls)
    1.2 - update_stack, preview_update_stack, stack_cancel_update,
          stack_suspend, stack_resume, stack_check, list_outputs, show_output,
          get_environment, get_files, abandon_stack, export_stack,
          resource_signal, resource_mark_unhealthy, stack_snapshot,
          show_snapshot, delete_snapshot, stack_list_snapshots, stack_restore
    1.3 - software configs and deployments (rpc.software_calls):
          list/show/create/delete_software_config, list/show/create/update/
          signal/delete_software_deployment, metadata_software_deployments
    1.4 - signed_resource_signal: a signal through a signed URL, with its
          token instead of credentials (rpc.signal_calls)
    1.5 - list_services: the engines' services rows with their status
"""

from __future__ import annotations

from heatlite.rpc.base import BASE_RPC_API_VERSION, RPC_API_VERSION
from heatlite.rpc.signal_calls import SignalCalls
from heatlite.rpc.software_calls import SoftwareCalls
from heatlite.rpc.stack_calls import StackCalls
from heatlite.rpc.template_calls import TemplateCalls

__all__ = ["BASE_RPC_API_VERSION", "RPC_API_VERSION", "EngineClient"]


class EngineClient(StackCalls, SoftwareCalls, TemplateCalls, SignalCalls):
    """Client side of the engine RPC API (server: heatlite.engine.rpc.endpoints)."""
