"""The project's own Neo4j: Neo4j Community embedded with Bolt, fetched from Maven Central and run locally.

Neo4j's server tarball is not published on Maven Central, but the embedded database is, and with its Bolt
connector enabled it is a real server for any driver. ``LocalNeo4j`` fetches the jars once (cached), starts
the JVM in its own process group, waits until a query answers, and stops it with SIGTERM (the launcher's
shutdown hook closes the database cleanly); SIGKILL only when a graceful stop times out.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from graph.errors import DatabaseUnavailable, GraphError
from graph.store import probe

# Flags Neo4j's own launcher passes to the JVM (neo4j.conf, server.jvm.additional), minus the ones that only
# matter for production servers (pre-touching the whole heap would slow every start).
NEO4J_JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)


# The launcher prints this once Bolt listens and the password is set (graph/server/Launcher.java).
READY_LINE = b"argmap-neo4j: bolt listening"


class LocalNeo4jError(GraphError):
    """The local Neo4j could not be fetched, started or stopped."""


@dataclass(frozen=True, slots=True)
class LocalNeo4jConfig:
    """Where the local server keeps its jars and data, and how it runs."""

    data_dir: Path
    lib_dir: Path
    port: int = 7687
    heap_mib: int = 1024
    page_cache_mib: int = 256
    start_timeout_s: float = 180.0
    stop_timeout_s: float = 60.0

    @property
    def uri(self) -> str:
        """The Bolt URI the local server answers on."""
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        """The file that records the running JVM's process id."""
        return self.data_dir / "neo4j.pid"

    @property
    def password_file(self) -> Path:
        """Where the generated password of the built-in user ``neo4j`` is kept (owner-readable only)."""
        return self.data_dir / "password"

    def password(self) -> str:
        """The database's password, generated on first use and kept with its data.

        Example:
            >>> import tempfile
            >>> config = LocalNeo4jConfig(data_dir=Path(tempfile.mkdtemp()), lib_dir=Path("lib"))
            >>> config.password() == config.password() and len(config.password()) >= 32
            True
        """
        try:
            return self.password_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            pass
        self.data_dir.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_urlsafe(32)
        descriptor = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(secret + "\n")
        return secret

    @property
    def auth(self) -> tuple[str, str]:
        """The credentials the driver connects with."""
        return "neo4j", self.password()

    @property
    def log_file(self) -> Path:
        """Everything the JVM prints goes here."""
        return self.data_dir / "neo4j.out"


class LocalNeo4j:
    """Fetch, start, probe and stop the project's local Neo4j.

    Example:
        >>> server = LocalNeo4j(LocalNeo4jConfig(data_dir=Path("var/neo4j"), lib_dir=Path("var/neo4j-lib")))
        >>> server.start()  # doctest: +SKIP
    """

    def __init__(self, config: LocalNeo4jConfig) -> None:
        self.config = config

    # -- fetching -------------------------------------------------------------------------------------------
    def fetch(self) -> bool:
        """Copy Neo4j and its dependencies from Maven Central into ``lib_dir`` unless they are already there.

        Returns:
            True when a download ran, False when the cached jars were used.

        Raises:
            LocalNeo4jError: Maven is missing or the fetch failed.
        """
        marker = self.config.lib_dir / ".complete"
        pom = _packaged("pom.xml")
        if marker.exists() and marker.read_text() == pom.read_text():
            return False
        self.config.lib_dir.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.config.lib_dir.with_name(self.config.lib_dir.name + ".lock")
        # Two processes starting their servers at once (a test run's workers, two shells) share lib_dir:
        # one fetches while the other waits, then finds the jars there.
        with lock_path.open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if marker.exists() and marker.read_text() == pom.read_text():
                return False
            return self._fetch(pom, marker)

    def _fetch(self, pom: Path, marker: Path) -> bool:
        mvn = shutil.which("mvn")
        if mvn is None:
            raise LocalNeo4jError(
                "Maven ('mvn') is needed to fetch Neo4j: install it (Debian: apt-get install maven)"
            )
        staging = self.config.lib_dir.with_name(self.config.lib_dir.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        result = subprocess.run(
            [mvn, "-B", "-q", "-f", str(pom), "package", f"-Dneo4j.lib.dir={staging.resolve()}"],
            capture_output=True,
            text=True,
            check=False,
            cwd=staging,
        )
        if result.returncode != 0:
            tail = (result.stdout + result.stderr).strip().splitlines()[-5:]
            raise LocalNeo4jError("fetching Neo4j with Maven failed: " + " | ".join(tail))
        shutil.rmtree(self.config.lib_dir, ignore_errors=True)
        staging.rename(self.config.lib_dir)
        marker.write_text(pom.read_text())
        return True

    # -- lifecycle ------------------------------------------------------------------------------------------
    def running_pid(self) -> int | None:
        """The pid of a live JVM started by this project for ``data_dir``, if any."""
        try:
            pid = int(self.config.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        cmdline = Path(f"/proc/{pid}/cmdline")
        if cmdline.exists() and b"Launcher" not in cmdline.read_bytes():
            return None  # the pid was reused by an unrelated process
        return pid

    def start(self) -> bool:
        """Start the server and return once it answers a query; a no-op when it already runs.

        Returns:
            True when a new server was started, False when one was already running.

        Raises:
            LocalNeo4jError: Java is missing, or the server did not answer before the timeout.
        """
        if self.running_pid() is not None:
            self.wait_until_ready()
            return False
        self.fetch()
        java = shutil.which("java")
        if java is None:
            raise LocalNeo4jError(
                "Java 17 is needed to run Neo4j: install it (Debian: apt-get install openjdk-17-jdk)"
            )
        self.config.data_dir.mkdir(parents=True, exist_ok=True)
        launcher = _packaged("Launcher.java")
        command = [
            java,
            f"-Xms{self.config.heap_mib}m",
            f"-Xmx{self.config.heap_mib}m",
            *NEO4J_JVM_FLAGS,
            "-cp",
            str(self.config.lib_dir.resolve() / "*"),
            str(launcher),
            str(self.config.data_dir.resolve()),
            str(self.config.port),
            str(self.config.page_cache_mib),
        ]
        environment = {**os.environ, "ARGMAP_NEO4J_PASSWORD": self.config.password()}
        log_start = self.config.log_file.stat().st_size if self.config.log_file.exists() else 0
        with self.config.log_file.open("ab") as log:
            process = subprocess.Popen(
                command,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.config.data_dir,
                start_new_session=True,
            )
        self.config.pid_file.write_text(str(process.pid))
        try:
            self._wait_for_launcher(process, log_start)
            self.wait_until_ready(process)
        except LocalNeo4jError:
            self.stop()
            raise
        return True

    def _wait_for_launcher(self, process: subprocess.Popen[bytes], log_start: int) -> None:
        """Wait for the launcher's ready line, printed once the password is set.

        Bolt accepts connections before that, and logging in with the new password too early counts as failed
        attempts, which lock the user out for a while.
        """
        deadline = time.monotonic() + self.config.start_timeout_s
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise LocalNeo4jError(f"Neo4j exited with code {process.returncode}: {self._log_tail()}")
            with self.config.log_file.open("rb") as log:
                log.seek(log_start)
                if READY_LINE in log.read():
                    return
            time.sleep(0.2)
        raise LocalNeo4jError(
            f"Neo4j did not start within {self.config.start_timeout_s:.0f} s: {self._log_tail()}"
        )

    def wait_until_ready(self, process: subprocess.Popen[bytes] | None = None) -> str:
        """Poll until ``RETURN 1`` succeeds; return the server version.

        Raises:
            LocalNeo4jError: the process died or the timeout passed; the message ends with the last log lines.
        """
        deadline = time.monotonic() + self.config.start_timeout_s
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise LocalNeo4jError(f"Neo4j exited with code {process.returncode}: {self._log_tail()}")
            try:
                return probe(self.config.uri, self.config.auth)
            except DatabaseUnavailable as error:
                last_error = error
                time.sleep(0.5)
        raise LocalNeo4jError(
            f"Neo4j did not answer on {self.config.uri} within {self.config.start_timeout_s:.0f} s "
            f"({last_error}): {self._log_tail()}"
        )

    def stop(self) -> bool:
        """Stop the server gracefully (SIGTERM), escalating to SIGKILL only after the stop timeout.

        Returns:
            True when a server was stopped, False when none was running.
        """
        pid = self.running_pid()
        if pid is None:
            self.config.pid_file.unlink(missing_ok=True)
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        if not _wait_for_exit(pid, self.config.stop_timeout_s):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            _wait_for_exit(pid, 10.0)
        self.config.pid_file.unlink(missing_ok=True)
        return True

    def status(self) -> str:
        """A one-line, human status."""
        pid = self.running_pid()
        if pid is None:
            return f"stopped (data in {self.config.data_dir})"
        try:
            version = probe(self.config.uri, self.config.auth)
        except DatabaseUnavailable:
            return f"starting or unresponsive (pid {pid}, {self.config.uri})"
        return f"running (pid {pid}, Neo4j {version} at {self.config.uri})"

    def _log_tail(self, lines: int = 15) -> str:
        try:
            text = self.config.log_file.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return " | ".join(text.strip().splitlines()[-lines:])


def _wait_for_exit(pid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            # Reap it when it is our child, so it does not linger as a zombie that still "exists".
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == pid:
                return True
        except ChildProcessError:
            pass
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


def _packaged(name: str) -> Path:
    return Path(str(resources.files("graph.server").joinpath(name)))
