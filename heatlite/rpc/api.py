"""The api <-> engine contract: field names, parameter names, status values.

The engine answers every RPC call with plain JSON built from these keys
(heatlite/engine/views.py), and the API turns them into Heat's HTTP
documents (heatlite/api/openstack/v1/views/). The names are Heat's, so a
reader who knows Heat's engine recognises every one.
"""

from __future__ import annotations

# -- stack operation arguments (the ``args`` dict of create_stack) ---------
PARAM_TIMEOUT = "timeout_mins"
PARAM_DISABLE_ROLLBACK = "disable_rollback"
PARAM_TAGS = "tags"
PARAM_ADOPT_STACK_DATA = "adopt_stack_data"
PARAM_EXISTING = "existing"
PARAM_CLEAR_PARAMETERS = "clear_parameters"

# -- list_stacks arguments ---------------------------------------------------
PARAM_SHOW_DELETED = "show_deleted"
PARAM_SHOW_NESTED = "show_nested"
PARAM_SHOW_HIDDEN = "show_hidden"
PARAM_WITH_DETAIL = "with_detail"
PARAM_NESTED_DEPTH = "nested_depth"
PARAM_RESOLVE_OUTPUTS = "resolve_outputs"

STACK_LIST_FILTERS = ("id", "status", "name", "action", "tenant", "username",
                      "owner_id")

# -- engine's stack document ---------------------------------------------------
STACK_ID = "stack_identity"
STACK_NAME = "stack_name"
STACK_CREATION_TIME = "creation_time"
STACK_UPDATED_TIME = "updated_time"
STACK_DELETION_TIME = "deletion_time"
STACK_NOTIFICATION_TOPICS = "notification_topics"
STACK_DESCRIPTION = "description"
STACK_TMPL_DESCRIPTION = "template_description"
STACK_PARAMETERS = "parameters"
STACK_OUTPUTS = "outputs"
STACK_ACTION = "stack_action"
STACK_STATUS = "stack_status"
STACK_STATUS_DATA = "stack_status_reason"
STACK_CAPABILITIES = "capabilities"
STACK_DISABLE_ROLLBACK = "disable_rollback"
STACK_TIMEOUT = "timeout_mins"
STACK_OWNER = "stack_owner"
STACK_PARENT = "parent"
STACK_USER_PROJECT_ID = "stack_user_project_id"
STACK_TAGS = "tags"
STACK_PROJECT = "project"

# -- outputs ---------------------------------------------------------------------
OUTPUT_KEY = "output_key"
OUTPUT_VALUE = "output_value"
OUTPUT_DESCRIPTION = "description"
OUTPUT_ERROR = "output_error"

# -- engine's resource document --------------------------------------------------
RES_ID = "resource_identity"
RES_STACK_ID = "stack_identity"
RES_STACK_NAME = "stack_name"
RES_NAME = "resource_name"
RES_LOGICAL_ID = "logical_resource_id"
RES_PHYSICAL_ID = "physical_resource_id"
RES_DESCRIPTION = "description"
RES_CREATION_TIME = "creation_time"
RES_UPDATED_TIME = "updated_time"
RES_ACTION = "resource_action"
RES_STATUS = "resource_status"
RES_STATUS_DATA = "resource_status_reason"
RES_TYPE = "resource_type"
RES_METADATA = "metadata"
RES_REQUIRED_BY = "required_by"
RES_ATTRIBUTES = "attributes"
RES_PARENT_RESOURCE = "parent_resource"

# -- engine's event document ----------------------------------------------------
EVENT_ID = "event_identity"
EVENT_STACK_ID = "stack_identity"
EVENT_STACK_NAME = "stack_name"
EVENT_TIMESTAMP = "event_time"
EVENT_RES_NAME = "resource_name"
EVENT_RES_PHYSICAL_ID = "physical_resource_id"
EVENT_RES_ACTION = "resource_action"
EVENT_RES_STATUS = "resource_status"
EVENT_RES_STATUS_DATA = "resource_status_reason"
EVENT_RES_TYPE = "resource_type"
EVENT_RES_PROPERTIES = "resource_properties"
# The root stack's identity, on events listed with nested_depth.
EVENT_ROOT_STACK_ID = "root_stack_id"

# -- software configs and deployments (Heat's document keys) ----------------
SOFTWARE_CONFIG_ID = "id"
SOFTWARE_CONFIG_NAME = "name"
SOFTWARE_CONFIG_GROUP = "group"
SOFTWARE_CONFIG_CONFIG = "config"
SOFTWARE_CONFIG_INPUTS = "inputs"
SOFTWARE_CONFIG_OUTPUTS = "outputs"
SOFTWARE_CONFIG_OPTIONS = "options"
SOFTWARE_CONFIG_CREATION_TIME = "creation_time"
SOFTWARE_CONFIG_PROJECT = "project"

SOFTWARE_DEPLOYMENT_ID = "id"
SOFTWARE_DEPLOYMENT_CONFIG_ID = "config_id"
SOFTWARE_DEPLOYMENT_SERVER_ID = "server_id"
SOFTWARE_DEPLOYMENT_INPUT_VALUES = "input_values"
SOFTWARE_DEPLOYMENT_OUTPUT_VALUES = "output_values"
SOFTWARE_DEPLOYMENT_ACTION = "action"
SOFTWARE_DEPLOYMENT_STATUS = "status"
SOFTWARE_DEPLOYMENT_STATUS_REASON = "status_reason"
SOFTWARE_DEPLOYMENT_CREATION_TIME = "creation_time"
SOFTWARE_DEPLOYMENT_UPDATED_TIME = "updated_time"

SOFTWARE_DEPLOYMENT_STATUSES = (
    SOFTWARE_DEPLOYMENT_IN_PROGRESS, SOFTWARE_DEPLOYMENT_FAILED,
    SOFTWARE_DEPLOYMENT_COMPLETE) = ("IN_PROGRESS", "FAILED", "COMPLETE")
# Outputs every deployment reports, whatever its config declares.
SOFTWARE_DEPLOYMENT_OUTPUTS = (
    SOFTWARE_DEPLOYMENT_OUTPUT_STDOUT, SOFTWARE_DEPLOYMENT_OUTPUT_STDERR,
    SOFTWARE_DEPLOYMENT_OUTPUT_STATUS_CODE) = (
    "deploy_stdout", "deploy_stderr", "deploy_status_code")

# -- actions and statuses ----------------------------------------------------------
ACTIONS = ("INIT", "CREATE", "DELETE", "UPDATE", "ROLLBACK", "SUSPEND",
           "RESUME", "ADOPT", "SNAPSHOT", "CHECK", "RESTORE")
STATUSES = ("IN_PROGRESS", "FAILED", "COMPLETE")

ENGINE_TOPIC = "engine"
# Each engine's own queue (server = its engine id), for engine-to-engine calls.
LISTENER_TOPIC = "heat-engine-listener"
# What one engine tells another's running stack operation (Heat's values).
THREAD_MESSAGES = (THREAD_CANCEL, THREAD_CANCEL_WITH_ROLLBACK) = (
    "cancel", "cancel_with_rollback")

# -- snapshots -----------------------------------------------------------------------
SNAPSHOT_KEYS = (
    SNAPSHOT_ID, SNAPSHOT_NAME, SNAPSHOT_STACK_ID, SNAPSHOT_DATA, SNAPSHOT_ACTION,
    SNAPSHOT_STATUS, SNAPSHOT_STATUS_REASON, SNAPSHOT_CREATION_TIME) = (
    "id", "name", "stack_id", "data", "action", "status", "status_reason",
    "creation_time")
