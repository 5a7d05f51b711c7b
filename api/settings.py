"""Settings, read once at start-up from the environment into one typed, frozen object."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import msgspec
from msgspec import Meta

from graph.server import LocalNeo4jConfig
from graph.service import WARM_MAPS
from schemas import MIN_ACCENT_CONTRAST, Colour, FontFamilies, HouseStyle, contrast_on_white

Port = Annotated[int, Meta(ge=1, le=65535)]


class SettingsError(ValueError):
    """An environment variable holds a value argmap cannot use; the message names it."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the service needs to know about its surroundings.

    ``neo4j_uri`` unset means "use the project's local Neo4j" (started by ``argmap neo4j start``); set, it
    points at any Neo4j 5 (Docker, Aura, a cluster via ``neo4j://``) and nothing local is started.
    """

    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str | None = None
    host: str = "127.0.0.1"
    port: Port = 8000
    api_token: str | None = None
    var_dir: str = "var"
    local_neo4j_port: Port = 7687
    local_neo4j_data: str = "neo4j"
    max_body_bytes: Annotated[int, Meta(ge=1024)] = 2 * 1024 * 1024
    log_level: str = "info"
    audit_log: str | None = None
    """A file the security events are appended to as JSON lines (sign-ins, tokens, roles, refusals); stderr
    when unset."""
    version_ttl_ms: Annotated[int, Meta(ge=0, le=60_000)] = 1000
    """How long a worker trusts the last map version it saw before asking Neo4j again."""
    search_answers: Annotated[int, Meta(ge=0, le=1_000_000)] = 4096
    """Search answers a worker keeps while no map changes (0: every search asks Neo4j)."""
    search_answer_bytes: Annotated[int, Meta(ge=0, le=16 * 1024**3)] = 32 * 1024 * 1024
    """Memory a worker's kept search answers may take, in bytes (with ``search_answers``, both bound it)."""
    graph_bytes: Annotated[int, Meta(ge=0, le=64 * 1024**3)] = 256 * 1024 * 1024
    """Memory a worker's kept map versions may take (estimated from their nodes and source texts)."""
    evaluation_bytes: Annotated[int, Meta(ge=0, le=64 * 1024**3)] = 128 * 1024 * 1024
    """Memory a worker's kept evaluations (strengths, contributions) may take (estimated from their nodes)."""
    render_bytes: Annotated[int, Meta(ge=0, le=64 * 1024**3)] = 64 * 1024 * 1024
    """Memory a worker's kept encoded bodies (views, diagrams, exports, briefs) may take."""
    compressed_bytes: Annotated[int, Meta(ge=0, le=64 * 1024**3)] = 32 * 1024 * 1024
    """Memory a worker's kept gzip and brotli forms of those bodies may take."""
    gc_threshold: Annotated[int, Meta(ge=0, le=10_000_000)] = 50_000
    """Allocations between young collections of a serving worker (0: Python's default, 700)."""
    workers: Annotated[int, Meta(ge=0, le=64)] = 0
    """Serving processes of ``argmap serve``; 0 (the default) starts one per core, so every core serves.
    Each keeps its own caches, driver and rate-limit buckets."""
    compute_workers: Annotated[int, Meta(ge=1, le=64)] = 2
    """CPU-heavy jobs (scoring, what-if, diagrams, document decoding) one serving process runs at once."""
    compute_processes: bool = True
    """Run those jobs in worker processes (``compute_workers`` of them per serving process), so their Python
    work never holds the interpreter that answers reads; false runs them in threads of the serving process."""
    compute_queue: Annotated[int, Meta(ge=0, le=10_000)] = 32
    """CPU-heavy requests that may wait for a worker; beyond it they get 503 with Retry-After."""
    rate_limit_per_minute: Annotated[int, Meta(ge=0, le=1_000_000)] = 120
    """Requests per minute each client may make to each expensive endpoint; 0 turns the limits off."""
    rate_limit_burst: Annotated[int, Meta(ge=1, le=100_000)] = 30
    """Requests a client may make at once to one expensive endpoint before the rate applies."""
    compute_deadline_s: Annotated[float, Meta(gt=0, le=600)] = 10.0
    """Time budget of one CPU-heavy request, waiting included; beyond it a 422 problem."""
    trusted_proxies: str = ""
    """Addresses or networks (comma-separated) of the proxies whose ``X-Forwarded-For`` and
    ``X-Forwarded-Proto`` name the client; unset, no one's are believed and the client is the peer."""
    public_url: str | None = None
    """Where clients reach the service (``https://maps.example.org``): every absolute URL argmap writes
    (viewer links, oEmbed, exports) starts with it, and a page of this origin is not cross-origin. Unset,
    it is ``http://<host>:<port>``. The request's ``Host`` header is never used for either."""
    publisher_name: str | None = None
    """Who publishes the ClaimReview exports (a newsroom, a fact-checking desk); unset, the host of
    ``public_url``."""
    publisher_url: str | None = None
    """The publisher's home page; unset, ``public_url``."""
    publisher_logo: str | None = None
    """The URL of the publisher's logo (an image), given in every ClaimReview; unset, none is given."""
    warm_maps: Annotated[int, Meta(ge=0, le=10_000)] = WARM_MAPS
    """Maps read and scored at start, before the server answers (the first by id; 0: none), so the first
    reader of each does not wait for Neo4j and the engine. Start-up waits at most ``WARM_BUDGET_S`` for it."""
    house_font: FontFamilies | None = None
    """The house font: diagrams, cards and pages are set in it (font family names, most wanted first; the
    reader's machine must have one of them); unset, argmap's own."""
    house_accent: Colour | None = None
    """The house accent colour (``#rrggbb``, at least 4.5:1 against white): diagram titles, the publisher's
    name, page buttons; unset, argmap's own."""
    max_header_bytes: Annotated[int, Meta(ge=1024, le=1024 * 1024)] = 32 * 1024
    """Largest request line and header block a client may send; beyond it a 431 and the connection closed."""
    max_headers: Annotated[int, Meta(ge=8, le=10_000)] = 100
    """Most header fields in one request; beyond it a 431 and the connection closed."""
    header_timeout_s: Annotated[float, Meta(gt=0, le=600)] = 10.0
    """Time a connection has to send a request's whole head, from when it opens or the previous answer
    ends; beyond it a 408 (or a silent close when nothing was sent)."""
    body_timeout_s: Annotated[float, Meta(gt=0, le=3600)] = 30.0
    """Time a client has to send a request's whole body once its head has arrived; beyond it a 408."""
    keep_alive_s: Annotated[int, Meta(ge=1, le=600)] = 5
    """How long an idle keep-alive connection stays open waiting for the next request."""
    cors_origins: str = "*"
    """Origins whose pages may read (comma-separated; ``*``: any)."""
    cors_write_origins: str = ""
    """Origins whose pages may write (comma-separated); none by default."""

    @property
    def proxies(self) -> list[str]:
        """The trusted proxies, one address or network each.

        Example:
            >>> Settings(trusted_proxies=" 10.0.0.5, 10.1.0.0/16 ,").proxies
            ['10.0.0.5', '10.1.0.0/16']
        """
        return [item.strip() for item in self.trusted_proxies.split(",") if item.strip()]

    @property
    def public_origin(self) -> str:
        """Scheme, host and port of the service as its clients reach it, without a trailing slash.

        Example:
            >>> Settings(port=8080).public_origin
            'http://127.0.0.1:8080'
            >>> Settings(public_url="https://maps.example.org/").public_origin
            'https://maps.example.org'
            >>> Settings(host="::1").public_origin
            'http://[::1]:8000'
        """
        if self.public_url:
            return self.public_url.rstrip("/")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def serving_workers(self) -> int:
        """How many processes ``argmap serve`` starts: ``workers``, else one per core.

        Example:
            >>> Settings(workers=3).serving_workers
            3
            >>> Settings().serving_workers == (os.cpu_count() or 1)
            True
        """
        return self.workers or os.cpu_count() or 1

    @property
    def house(self) -> HouseStyle:
        """The house style: font, accent and the publisher's name.

        Example:
            >>> Settings(house_font="Georgia, serif", publisher_name="The Daily").house
            HouseStyle(font='Georgia, serif', accent=None, publisher='The Daily')
        """
        return HouseStyle(font=self.house_font, accent=self.house_accent, publisher=self.publisher_name)

    @property
    def var_path(self) -> Path:
        """The folder for local state: the Neo4j jars and data."""
        return Path(self.var_dir)

    @property
    def uses_local_neo4j(self) -> bool:
        """True when no external Neo4j is configured."""
        return self.neo4j_uri is None

    @property
    def effective_neo4j_uri(self) -> str:
        """The Bolt URI the service connects to."""
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.local_neo4j_port}"

    @property
    def local_neo4j(self) -> LocalNeo4jConfig:
        """Where the project's local Neo4j keeps its jars, data and generated password."""
        return LocalNeo4jConfig(
            data_dir=self.var_path / self.local_neo4j_data,
            lib_dir=self.var_path / "neo4j-lib",
            port=self.local_neo4j_port,
        )

    @property
    def neo4j_auth(self) -> tuple[str, str]:
        """Credentials for the driver: NEO4J_USER/NEO4J_PASSWORD, or the local server's generated password."""
        return self.local_neo4j.auth if self.uses_local_neo4j else (self.neo4j_user, self.neo4j_password)

    @property
    def writes_enabled(self) -> bool:
        """Writes need a configured token; without one the API is read-only."""
        return bool(self.api_token)


# Environment variable -> Settings field. Unset or empty variables keep the default.
ENVIRONMENT = {
    "NEO4J_URI": "neo4j_uri",
    "NEO4J_USER": "neo4j_user",
    "NEO4J_USERNAME": "neo4j_user",
    "NEO4J_PASSWORD": "neo4j_password",
    "NEO4J_DATABASE": "neo4j_database",
    "ARGMAP_HOST": "host",
    "ARGMAP_PORT": "port",
    "ARGMAP_API_TOKEN": "api_token",
    "ARGMAP_VAR_DIR": "var_dir",
    "ARGMAP_NEO4J_PORT": "local_neo4j_port",
    "ARGMAP_NEO4J_DATA": "local_neo4j_data",
    "ARGMAP_MAX_BODY_BYTES": "max_body_bytes",
    "ARGMAP_LOG_LEVEL": "log_level",
    "ARGMAP_AUDIT_LOG": "audit_log",
    "ARGMAP_VERSION_TTL_MS": "version_ttl_ms",
    "ARGMAP_SEARCH_ANSWERS": "search_answers",
    "ARGMAP_SEARCH_ANSWER_BYTES": "search_answer_bytes",
    "ARGMAP_GRAPH_BYTES": "graph_bytes",
    "ARGMAP_EVALUATION_BYTES": "evaluation_bytes",
    "ARGMAP_RENDER_BYTES": "render_bytes",
    "ARGMAP_COMPRESSED_BYTES": "compressed_bytes",
    "ARGMAP_GC_THRESHOLD": "gc_threshold",
    "ARGMAP_WORKERS": "workers",
    "ARGMAP_COMPUTE_WORKERS": "compute_workers",
    "ARGMAP_COMPUTE_PROCESSES": "compute_processes",
    "ARGMAP_COMPUTE_QUEUE": "compute_queue",
    "ARGMAP_COMPUTE_DEADLINE_S": "compute_deadline_s",
    "ARGMAP_RATE_LIMIT_PER_MINUTE": "rate_limit_per_minute",
    "ARGMAP_RATE_LIMIT_BURST": "rate_limit_burst",
    "ARGMAP_TRUSTED_PROXIES": "trusted_proxies",
    "ARGMAP_PUBLIC_URL": "public_url",
    "ARGMAP_PUBLISHER_NAME": "publisher_name",
    "ARGMAP_PUBLISHER_URL": "publisher_url",
    "ARGMAP_PUBLISHER_LOGO": "publisher_logo",
    "ARGMAP_WARM_MAPS": "warm_maps",
    "ARGMAP_HOUSE_FONT": "house_font",
    "ARGMAP_HOUSE_ACCENT": "house_accent",
    "ARGMAP_MAX_HEADER_BYTES": "max_header_bytes",
    "ARGMAP_MAX_HEADERS": "max_headers",
    "ARGMAP_HEADER_TIMEOUT_S": "header_timeout_s",
    "ARGMAP_BODY_TIMEOUT_S": "body_timeout_s",
    "ARGMAP_KEEP_ALIVE_S": "keep_alive_s",
    "ARGMAP_CORS_ORIGINS": "cors_origins",
    "ARGMAP_CORS_WRITE_ORIGINS": "cors_write_origins",
}
_URI_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


_HINTS = {
    "house_font": (
        "give font family names separated by commas, each of letters, digits, spaces and hyphens "
        "(e.g. 'Source Sans Pro, Arial, sans-serif')"
    ),
    "house_accent": "give a colour as #rrggbb (e.g. #003366)",
}
"""What a variable must look like, where msgspec's own message would quote a pattern at the reader."""


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build ``Settings`` from the environment (``os.environ`` by default).

    Raises:
        SettingsError: a variable is malformed; the message names the variable and the expected form.
    """
    env = os.environ if environ is None else environ
    values: dict[str, str] = {}
    for variable, field in ENVIRONMENT.items():
        value = env.get(variable, "").strip()
        if value and field not in values:
            values[field] = value
    try:
        settings = msgspec.convert(values, Settings, strict=False)
    except msgspec.ValidationError as error:
        field = str(error).rsplit("$.", 1)[-1].rstrip("`") if "$." in str(error) else ""
        variable = next((name for name, f in ENVIRONMENT.items() if f == field and name in env), field)
        hint = _HINTS.get(field, str(error))
        raise SettingsError(f"{variable}={env.get(variable, '')!r} is not valid: {hint}") from None
    if settings.neo4j_uri is not None and not settings.neo4j_uri.startswith(_URI_SCHEMES):
        raise SettingsError(
            f"NEO4J_URI={settings.neo4j_uri!r} is not valid: "
            f"it must start with one of {', '.join(_URI_SCHEMES)}"
        )
    for proxy in settings.proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise SettingsError(
                f"ARGMAP_TRUSTED_PROXIES={settings.trusted_proxies!r} is not valid: {proxy!r} is not an "
                "address or network (e.g. 10.0.0.5 or 10.0.0.0/8)"
            ) from None
    if settings.public_url is not None:
        _check_public_url(settings.public_url)
    for variable, url in (
        ("ARGMAP_PUBLISHER_URL", settings.publisher_url),
        ("ARGMAP_PUBLISHER_LOGO", settings.publisher_logo),
    ):
        if url is not None and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname):
            raise SettingsError(f"{variable}={url!r} is not valid: give an absolute http or https URL")
    if settings.house_accent is not None and contrast_on_white(settings.house_accent) < MIN_ACCENT_CONTRAST:
        contrast = contrast_on_white(settings.house_accent)
        raise SettingsError(
            f"ARGMAP_HOUSE_ACCENT={settings.house_accent!r} is not valid: it has {contrast:.1f}:1 contrast "
            f"against white, and text in it needs at least {MIN_ACCENT_CONTRAST}:1: choose a darker shade"
        )
    if settings.log_level.lower() not in {"critical", "error", "warning", "info", "debug"}:
        raise SettingsError(
            f"ARGMAP_LOG_LEVEL={settings.log_level!r} is not valid: use error, warning, info or debug"
        )
    return settings


def _check_public_url(url: str) -> None:
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path.strip("/")
        or parts.query
        or parts.fragment
    ):
        raise SettingsError(
            f"ARGMAP_PUBLIC_URL={url!r} is not valid: give the scheme, host and port clients use, such as "
            "https://maps.example.org (no path)"
        )
