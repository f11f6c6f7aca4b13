"""Every heatlite configuration option, registered on one ConfigOpts.

Names, groups and defaults follow OpenStack Heat's heat.conf wherever Heat
has the option, so an operator's heat.conf keeps its meaning. Options that
only heatlite has are marked as such in their help text.

Only declarations live here; loading a file, logging and messaging set-up
belong to the commands in heatlite/cmd/.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable

from oslo_config import cfg
from oslo_log import log
from oslo_middleware import cors

CONF = cfg.CONF

_DEFAULT_STATE = os.path.join(os.path.expanduser("~"), ".local", "state", "heatlite")

service_opts = [
    cfg.StrOpt("host", default=socket.gethostname(), sample_default="<hostname>",
               help="Name of the engine node; the RPC server listens on it."),
    cfg.StrOpt("state_path", default=_DEFAULT_STATE,
               sample_default="~/.local/state/heatlite",
               help="(heatlite) Directory for local state such as the default "
                    "SQLite database."),
    cfg.IntOpt("max_template_size", default=524288, min=1,
               help="Maximum raw byte size of any template."),
    cfg.IntOpt("max_yaml_aliases", default=1000, min=0,
               help="(heatlite) Maximum number of YAML alias uses (references to an "
                    "anchor) in one template or environment. Each use is a copy once the "
                    "document is serialized; the expanded size is also held to "
                    "max_template_size before anything is expanded."),
    cfg.IntOpt("max_template_depth", default=100, min=2,
               help="(heatlite) Maximum nesting of maps and lists in a "
                    "template or environment. Deeper documents are refused "
                    "with 400 before they are evaluated."),
    cfg.FloatOpt("allowed_pattern_timeout", default=0.1, min=0.001,
                 help="(heatlite) Seconds one allowed_pattern match may take "
                      "when it cannot run on RE2 (backreferences, lookaround, "
                      "non-ASCII values); past it the request is refused with "
                      "400. Matches on RE2 take linear time and need no bound."),
    cfg.IntOpt("max_evaluated_value_size", default=1048576, min=1,
               help="(heatlite) Maximum size, in bytes of its JSON text, of a "
                    "value a template evaluates to: the result of one intrinsic "
                    "function (repeat, str_replace, list_join, yaql...) and of "
                    "all the functions in one property map or output together. "
                    "Functions stop building a value as soon as it passes this, "
                    "and the request is refused with 400."),
    cfg.IntOpt("max_json_body_size", default=1048576, min=1,
               help="Maximum raw byte size of the JSON request body."),
    cfg.IntOpt("max_json_body_depth", default=128, min=2,
               help="(heatlite) Maximum nesting of objects and arrays in a JSON "
                    "request body. A deeper body is refused with 400 before any "
                    "part of it is used: the engine walks templates and values "
                    "recursively, and Python's JSON parser itself fails near "
                    "1000 levels."),
    cfg.IntOpt("max_resources_per_stack", default=1000,
               help="Maximum resources allowed per top-level stack. "
                    "-1 stands for unlimited."),
    cfg.IntOpt("max_nested_stack_depth", default=5, min=1,
               help="Maximum depth allowed when using nested stacks."),
    cfg.IntOpt("max_stacks_per_tenant", default=512,
               help="Maximum number of stacks any one tenant may have "
                    "active at one time. -1 stands for unlimited."),
    cfg.IntOpt("max_software_configs_per_tenant", default=4096,
               help="Maximum number of software configs any one tenant may "
                    "have active at one time. -1 stands for unlimited."),
    cfg.IntOpt("max_software_deployments_per_tenant", default=4096,
               help="Maximum number of software deployments any one tenant "
                    "may have active at one time. -1 stands for unlimited."),
    cfg.IntOpt("max_events_per_stack", default=1000,
               help="Rough number of events kept per stack; the oldest are "
                    "purged past it. 0 keeps all."),
    cfg.IntOpt("event_purge_batch_size", default=200, min=1,
               help="How many events are purged at once when "
                    "max_events_per_stack is reached."),
    cfg.IntOpt("num_engine_workers", default=1, min=1,
               help="(heatlite) Number of engine processes to fork. Each "
                    "drives many stacks concurrently on green threads."),
    cfg.IntOpt("engine_life_check_timeout", default=2,
               help="RPC timeout for the engine liveness check used for "
                    "stack locking."),
    cfg.IntOpt("periodic_interval", default=60,
               help="Seconds between running periodic tasks."),
    cfg.IntOpt("heartbeat_interval", default=2, min=1,
               help="(heatlite) Seconds between an engine's heartbeats (one "
                    "UPDATE of its services row) and between its sweeps for "
                    "stack locks held by dead engines. An engine whose beat "
                    "is older than three intervals is pinged "
                    "(engine_life_check_timeout) and dead when it does not "
                    "answer; its locks are then taken over."),
    cfg.IntOpt("graceful_shutdown_timeout", default=60, min=0,
               help="Specify a timeout after which a gracefully shutdown "
                    "server will exit (SIGTERM, SIGINT). Zero value means "
                    "endless wait. A stopping engine lets its operations "
                    "reach a resource boundary within it, less one "
                    "heartbeat_interval kept to retire its services row; "
                    "another engine then takes their stacks over."),
    cfg.IntOpt("stack_action_timeout", default=3600,
               help="Timeout in seconds for stack action (create, update...)."),
    cfg.BoolOpt("enable_stack_adopt", default=False,
                help="Enable the preview Stack Adopt feature."),
    cfg.BoolOpt("enable_stack_abandon", default=False,
                help="Enable the preview Stack Abandon feature."),
    cfg.IntOpt("max_snapshots_per_stack", default=32,
               help="Maximum number of snapshots any one stack may have. "
                    "-1 stands for unlimited."),
    cfg.StrOpt("default_deployment_signal_transport", default="CFN_SIGNAL",
               help="Template default for how the server should signal to "
                    "heat with the deployment output values."),
    cfg.StrOpt("default_software_config_transport", default="POLL_SERVER_CFN",
               help="Template default for how the server should receive the "
                    "metadata required for software configuration."),
    cfg.ListOpt("plugin_dirs", default=["/usr/lib64/heat", "/usr/lib/heat",
                                        "/usr/local/lib/heat",
                                        "/usr/local/lib64/heat"],
                help="List of directories to search for plug-ins."),
    cfg.StrOpt("auth_encryption_key", secret=True,
               default="notgood but just long enough i t",
               help="Key used to encrypt authentication info in the "
                    "database. Length of this key must be 32 characters. "
                    "(heatlite) It encrypts every secret at rest "
                    "(doc/source/secrets.rst); every engine and heatlite-manage of "
                    "one deployment need the same key."),
    cfg.BoolOpt("encrypt_parameters_and_properties", default=False,
                help="Encrypts template parameters that were marked as hidden "
                     "and also all the resource properties before storing "
                     "them in database. (heatlite) Resource data, attribute "
                     "data, stack outputs, events' properties and snapshots "
                     "are encrypted whatever this says (doc/source/secrets.rst)."),
    cfg.StrOpt("signal_url_secret", secret=True,
               help="(heatlite) Key that signs the signal URLs and tokens of "
                    "wait condition handles and software deployments. Unset: "
                    "a random key kept in <state_path>/signal_url_secret. Every "
                    "engine of one deployment needs the same key."),
]

api_opts = [
    cfg.HostAddressOpt("bind_host", default="0.0.0.0",
                       help="Address to bind the server. Useful when "
                            "selecting a particular network interface."),
    cfg.PortOpt("bind_port", default=8004,
                help="The port on which the server will listen."),
    cfg.IntOpt("backlog", default=4096,
               help="Number of backlog requests to configure the socket with."),
    cfg.BoolOpt("reuse_port", default=False,
                help="(heatlite) Let other processes listen on the same "
                     "bind_host:bind_port (SO_REUSEPORT), the kernel sharing "
                     "connections among them. Off, a start on a port already in "
                     "use fails at once: two servers sharing a port by mistake "
                     "answer requests from different databases. Workers of one "
                     "heatlite-api share its socket either way."),
    cfg.IntOpt("workers", default=0, min=0,
               help="Number of workers for Heat service. 0 starts one "
                    "worker per CPU core."),
    cfg.IntOpt("max_header_line", default=16384,
               help="Maximum line size of message headers to be accepted."),
    cfg.IntOpt("tcp_keepidle", default=600,
               help="The value for the socket option TCP_KEEPIDLE."),
    cfg.IntOpt("client_socket_timeout", default=900, min=0,
               deprecated_group="eventlet_opts",
               help="Timeout for client connections' socket operations. 0 "
                    "waits forever."),
    cfg.BoolOpt("wsgi_keep_alive", default=True,
                deprecated_group="eventlet_opts",
                help="If False, closes the client socket explicitly."),
    cfg.IntOpt("pool_size", default=1000, min=1,
               help="(heatlite) Green threads serving requests per worker."),
    cfg.BoolOpt("log_requests", default=False,
                help="(heatlite) Log one line per API request (client, request "
                     "line, status, size, seconds). When False they are logged "
                     "only with debug = True: Heat's API under uwsgi leaves "
                     "request lines to the web server, and writing them cost a "
                     "tenth of a simple request's CPU."),
]

paste_deploy_opts = [
    cfg.StrOpt("flavor",
               help='The flavor to use in the server application pipeline: '
                    'none for keystone, or "noauth". noauth means no isolation: '
                    'every caller is an admin of whichever project the '
                    'X-Auth-Project header names, so anyone who can reach the '
                    'API can read, change and delete every project\'s stacks, '
                    'configs and deployments. Use it only on 127.0.0.1.'),
    cfg.StrOpt("api_paste_config", default="api-paste.ini",
               help="The API paste config file to use; a relative name is "
                    "looked up beside the config files."),
]

heat_all_opts = [
    cfg.ListOpt("enabled_services", default=["engine", "api"],
                item_type=cfg.types.String(choices=["engine", "api"]),
                help="Specifies the heat services that are enabled when "
                     "running heatlite-all."),
]

revision_opts = [
    cfg.StrOpt("heat_revision", default="unknown",
               help="Heat build revision shown by build_info."),
]

clients_keystone_opts = [
    cfg.StrOpt("auth_uri", default="",
               help="Unversioned keystone url in format like "
                    "http://0.0.0.0:5000."),
]

clients_heat_opts = [
    cfg.StrOpt("url", default="",
               help="Optional heat url in format like "
                    "http://0.0.0.0:8004/v1/%(tenant_id)s. Signal URLs handed "
                    "to servers start with it; unset, they use [heat_api] "
                    "bind_host and bind_port."),
]

ec2authtoken_opts = [
    cfg.StrOpt("auth_uri",
               help="Authentication Endpoint URI for the authurl filter."),
]

yaql_opts = [
    cfg.IntOpt("limit_iterators", default=200,
               help="The maximum number of elements in collection expression "
                    "can take for its evaluation."),
    cfg.IntOpt("memory_quota", default=10000,
               help="The maximum size of memory in bytes that expression can "
                    "take for its evaluation."),
    cfg.FloatOpt("evaluation_timeout", default=0.5, min=0.001,
                 help="(heatlite) Seconds one yaql expression may run; past it "
                      "the request is refused with 400. limit_iterators and "
                      "memory_quota do not bound every expression (a count "
                      "over range() runs through both)."),
]

# Heat's notifier options (heat/engine/notification); the driver, topics and
# retry are oslo.messaging's [oslo_messaging_notifications] options.
notification_opts = [
    cfg.StrOpt("default_notification_level", default="INFO",
               choices=["AUDIT", "DEBUG", "INFO", "WARN", "WARNING", "ERROR",
                        "CRITICAL", "SAMPLE"], ignore_case=True,
               help="Default notification level for outgoing notifications "
                    "(a stack operation's failure is always sent as ERROR)."),
    cfg.StrOpt("default_publisher_id",
               help="Default publisher_id for outgoing notifications "
                    "(default: orchestration.<host>)."),
]


def _groups() -> list[tuple[str | None, list[cfg.Opt]]]:
    return [
        (None, service_opts),
        (None, notification_opts),
        ("heat_api", api_opts),
        ("paste_deploy", paste_deploy_opts),
        ("heat_all", heat_all_opts),
        ("revision", revision_opts),
        ("clients_keystone", clients_keystone_opts),
        ("clients_heat", clients_heat_opts),
        ("ec2authtoken", ec2authtoken_opts),
        ("yaql", yaql_opts),
    ]


def register_opts(conf: cfg.ConfigOpts) -> None:
    """Register heatlite's own options on ``conf`` (idempotent)."""
    for group, opts in _groups():
        conf.register_opts(opts, group=group)


def list_opts() -> Iterable[tuple[str | None, list[cfg.Opt]]]:
    """Entry point for oslo-config-generator."""
    return [(group, list(opts)) for group, opts in _groups()]


def default_sql_connection(conf: cfg.ConfigOpts) -> str:
    return "sqlite:///" + os.path.join(conf.state_path, "heatlite.sqlite")


QUIET_LOGGERS = ["alembic=WARN"]
"""(heatlite) Added to oslo.log's default_log_levels: alembic's INFO lines
(plugins set up, each migration run) at every start are not news to an
operator; a migration's failure is still logged."""


def set_lib_defaults() -> None:
    """Heat's defaults for options owned by the oslo libraries."""
    levels = log.get_default_log_levels()
    log.set_defaults(default_log_levels=levels + [
        quiet for quiet in QUIET_LOGGERS if quiet not in levels])
    cors.set_defaults(
        allow_headers=["X-Auth-Token", "X-Identity-Status", "X-Roles",
                       "X-Service-Catalog", "X-User-Id", "X-Tenant-Id",
                       "X-OpenStack-Request-ID"],
        expose_headers=["X-Auth-Token", "X-Subject-Token",
                        "X-Service-Token", "X-OpenStack-Request-ID"],
        allow_methods=["GET", "PUT", "POST", "DELETE", "PATCH"],
    )


register_opts(CONF)
