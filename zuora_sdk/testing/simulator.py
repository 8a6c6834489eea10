"""ZuoraSimulator: the public face of the simulator. Start it, point a client at `base_url`, inspect."""

from __future__ import annotations

import secrets
import threading
import uuid
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .clock import SimClock
from .faults import Body, Fault, FaultQueue
from .fields import FieldSpec, ObjectDefinition
from .server import SimulatorServer
from .service import Service
from .state import Settings, Tenant
from .stats import RequestLogEntry, SimulatorStats

if TYPE_CHECKING:
    from .in_process import InProcessTransport

IDEMPOTENCY_MODES = ("ignore", "replay")


class ZuoraSimulator:
    """A Zuora Custom Object Jobs service on loopback, with a controllable clock and injectable faults."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        access_token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        token_ttl: float = 3599,
        idempotency: str = "ignore",
        processing_delay: float = 0.0,
        max_concurrent_jobs: int = 5,
        max_file_bytes: int | None = 15 * 1024 * 1024,
        rate_limit: tuple[int, int] | None = None,
        objects: Mapping[str, Mapping[str, FieldSpec | str]] | None = None,
        store_records: bool = True,
    ) -> None:
        if idempotency not in IDEMPOTENCY_MODES:
            raise ValueError("idempotency must be 'ignore' or 'replay'")
        if processing_delay < 0 or token_ttl <= 0:
            raise ValueError("processing_delay must be >= 0 and token_ttl > 0")
        if max_concurrent_jobs < 1:
            raise ValueError("max_concurrent_jobs must be at least 1")
        if max_file_bytes is not None and max_file_bytes < 1:
            raise ValueError("max_file_bytes must be positive or None")
        self.host = host
        self._port = port
        self.access_token = access_token or secrets.token_urlsafe(32)
        self.client_id = client_id or str(uuid.uuid4())
        self.client_secret = client_secret or secrets.token_urlsafe(32)
        settings = Settings(
            access_token=self.access_token, client_id=self.client_id, client_secret=self.client_secret,
            token_ttl=float(token_ttl), idempotency=idempotency, processing_delay=float(processing_delay),
            max_concurrent_jobs=max_concurrent_jobs, max_file_bytes=max_file_bytes,
            rate_limit=tuple(rate_limit) if rate_limit is not None else None,  # type: ignore[arg-type]
            store_records=store_records,
        )
        definitions = None
        if objects is not None:
            definitions = {name: ObjectDefinition.build(name, fields) for name, fields in objects.items()}
        self.clock = SimClock()
        self._tenant = Tenant(settings, self.clock, definitions)
        self._faults = FaultQueue()
        self._service = Service(self._tenant, self._faults)  # what the socket server (or a transport) calls
        self._server: SimulatorServer | None = None
        self._thread: threading.Thread | None = None

    # ----- running -------------------------------------------------------------------------------

    def start(self) -> ZuoraSimulator:
        if self._server is not None:
            raise RuntimeError("the simulator is already running")
        server = SimulatorServer((self.host, self._port), self._service)
        self._port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, name=f"zuora-simulator:{self._port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        server.close_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> ZuoraSimulator:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def transport(self) -> InProcessTransport:
        """A transport for a client that hands its requests to this simulator in the calling thread, with
        no socket: ``Configuration(host=sim.base_url, access_token=sim.access_token, transport=sim.transport())``.
        The simulator need not be started. See :mod:`zuora_sdk.testing.in_process`."""
        from .in_process import InProcessTransport

        return InProcessTransport(self)

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self._port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    # ----- data ----------------------------------------------------------------------------------

    def define_object(self, name: str, fields: Mapping[str, FieldSpec | str]) -> None:
        """Add (or replace) a custom object in the `default` namespace."""
        self._tenant.define(name, fields)

    def records(self, name: str) -> list[dict[str, Any]]:
        """Stored records of an object, oldest first, as the API shows them."""
        return self._tenant.records(name)

    @property
    def jobs(self) -> dict[str, dict[str, Any]]:
        """Every job by id, each exactly as GET /objects/jobs/{id} would return it now (a copy)."""
        return self._tenant.job_snapshots()

    @property
    def stats(self) -> SimulatorStats:
        return self._tenant.stats()

    @property
    def request_log(self) -> list[RequestLogEntry]:
        return self._tenant.request_log()

    # ----- time ----------------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Move the simulator clock forward: jobs progress, tokens expire, rate windows reset."""
        self.clock.advance(seconds)

    def complete(self, job_id: str | None = None) -> list[str]:
        """Finish now one running job, or all (in progress, and accepted deletes). Returns the ids finished."""
        return self._tenant.complete(job_id)

    def add_user(self) -> tuple[str, str]:
        """Another user of the tenant: returns its static access token and its user id. Jobs it
        submits carry that id as ``CreatedById`` (several programs, each its own Zuora user)."""
        return self._tenant.add_user()

    def expire_tokens(self) -> None:
        """Every OAuth token issued so far becomes invalid (the static access token stays valid)."""
        self._tenant.expire_tokens()

    # ----- faults --------------------------------------------------------------------------------

    def inject(
        self,
        route: str = "*",
        *,
        times: int = 1,
        status: int | None = None,
        body: Body = None,
        headers: Mapping[str, str] | None = None,
        retry_after: str | float | None = None,
        ratelimit_reset: str | float | None = None,
        action: str = "respond",
        delay: float = 0.0,
    ) -> Fault:
        """Make the next `times` requests to `route` fail as `action` says. Faults match in injection order."""
        return self._faults.add(Fault.of(
            route, times=times, status=status, body=body, headers=headers, retry_after=retry_after,
            ratelimit_reset=ratelimit_reset, action=action, delay=delay,
        ))

    def clear_faults(self) -> None:
        self._faults.clear()

    @property
    def faults(self) -> list[Fault]:
        """Faults still waiting for requests."""
        return self._faults.pending()

    def reset(self) -> None:
        """Forget jobs, records, faults, counters and the log; keep the configuration and objects."""
        self._faults.clear()
        self._tenant.reset()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"ZuoraSimulator({self.base_url!r}, {state})"
