"""The embedded store: an ArcadeDB server with its Bolt plugin, in a child process.

munigraph starts the server on loopback over a data folder and talks to it with the
official neo4j driver like to any Neo4j server. The server runs in its own process (a
JVM inside the driver's process crashed once) and outlives the command that started it,
so the next command on the same folder reuses it. The folder and everything in it are
private to the user (see ``DataFolder.ensure``). Files in the data folder:

- ``password``: the generated password (mode 0600), never printed; munigraph logs in with
  it under a user name derived from it (``DataFolder.user``).
- ``server.json``: pid and ports of the running server (written once it is ready).
- ``server.lock``: held by the server for its whole life; one server per folder.
- ``start.lock``: taken by a client while it checks for or starts a server.
- ``clients.lock``: held (shared) by every open client; the server counts as idle
  only when no client holds it.
- ``last-used``: touched when a client closes; the idle clock starts there.
- ``server.log``: the server's output; ``arcadedb/``: the database files.

A server started implicitly stops by itself after ``DEFAULT_IDLE_TIMEOUT`` seconds with
no client (``MUNIGRAPH_IDLE_TIMEOUT`` changes it); ``munigraph server start`` starts one
that stays until ``munigraph server stop``.

The server listens on a loopback Bolt port only: its HTTP port is closed once it has
started (munigraph speaks Bolt alone). ArcadeDB refuses a user name's logins for
``LOCKOUT_SECONDS`` after 5 failed ones, and any local user can reach the Bolt port; so
munigraph does not log in as ``root``, a name anyone can try, but under a name only the
password's reader can know.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import secrets
import signal
import socket
import stat
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from munigraph.language import _

from .errors import StoreError

DATABASE = "neo4j"  # the driver's default database name, so cypher-shell works unchanged
# ArcadeDB's (fixed in its code: ServerSecurity.PASSWORD_LOCKOUT_MS, after 5 failed logins)
LOCKOUT_SECONDS = 30
DEFAULT_IDLE_TIMEOUT = 600
DEFAULT_HEAP = "1g"
START_TIMEOUT = 120


def default_data_dir() -> Path:
    """The per-user data folder, or ``MUNIGRAPH_DATA`` when set."""
    if os.environ.get("MUNIGRAPH_DATA"):
        return Path(os.environ["MUNIGRAPH_DATA"])
    import platformdirs

    return Path(platformdirs.user_data_dir("munigraph"))


class DataFolder:
    """The files of one embedded store (see the module docstring)."""

    def __init__(self, path):
        self.path = Path(path).expanduser().resolve()
        self._private = False  # ensure() has made the folder private

    def __repr__(self):
        return f"DataFolder({str(self.path)!r})"

    def file(self, name) -> Path:
        return self.path / name

    def ensure(self):
        """Create the folder (0700), or make an existing one private, once per instance:
        no group or other permission on it or anything in it (folders 0700, files 0600),
        with a warning when others could open it. Symbolic links are neither changed nor
        followed. What munigraph and its server create there later is private too
        (``open``, and the server's umask: see ``serve``)."""
        if self._private:
            return
        try:
            shared = self.path.stat().st_mode & 0o077
        except FileNotFoundError:
            self.path.mkdir(parents=True, exist_ok=True, mode=0o700)
            shared = 0
        inside = [os.path.join(folder, name)  # os.walk does not enter links to folders
                  for folder, dirs, files in os.walk(self.path) for name in dirs + files]
        for path in [self.path, *inside]:
            try:
                mode = os.lstat(path).st_mode
                if mode & 0o077 and not stat.S_ISLNK(mode):
                    os.chmod(path, stat.S_IMODE(mode) & ~0o077)
            except FileNotFoundError:  # removed meanwhile by the running server
                pass
        if shared:
            print(_("warning: other users could open the data folder {folder}; munigraph "
                    "made it and everything in it private (folders 0700, files 0600)").format(
                        folder=self.path), file=sys.stderr)
        self._private = True

    def open(self, name, mode="a"):
        """Open file ``name`` of the folder; created private (0600) when missing."""
        return open(self.file(name), mode, opener=lambda path, flags: os.open(path, flags, 0o600))

    def password(self) -> str:
        """The server's password, generated on first use and kept with mode 0600."""
        self.ensure()
        path = self.file("password")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text().strip()
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(24))
        return path.read_text().strip()

    def user(self) -> str:
        """munigraph's user name on the server: derived from the password, so that only
        someone who can read the password can make the server lock it out."""
        return "munigraph-" + hashlib.sha256(self.password().encode()).hexdigest()[:16]

    def server_info(self) -> dict | None:
        """pid and ports of the server running on this folder, or None."""
        if not self.lock_is_held("server.lock"):
            return None
        try:
            return json.loads(self.file("server.json").read_text())
        except (OSError, ValueError):
            return None  # starting: the lock is taken before server.json is written

    def lock_is_held(self, name, mode=fcntl.LOCK_SH) -> bool:
        """Whether another process holds lock file ``name`` against ``mode``."""
        path = self.file(name)
        if not path.exists():
            return False
        with self.open(name) as handle:
            try:
                fcntl.flock(handle, mode | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False

    @contextmanager
    def lock(self, name, mode=fcntl.LOCK_EX):
        """Hold a lock file of this folder for the duration of the block."""
        self.ensure()
        with self.open(name) as handle:
            fcntl.flock(handle, mode)
            yield handle

    def touch(self):
        self.file("last-used").touch(mode=0o600)


def heap_size() -> str:
    """The Java heap of a server started now: ``MUNIGRAPH_HEAP`` or the default."""
    return os.environ.get("MUNIGRAPH_HEAP", DEFAULT_HEAP)


def idle_timeout_from_env() -> int:
    """``MUNIGRAPH_IDLE_TIMEOUT`` in seconds (0: never stop), or the default."""
    text = os.environ.get("MUNIGRAPH_IDLE_TIMEOUT", str(DEFAULT_IDLE_TIMEOUT))
    if not text.isdigit():
        raise StoreError(_("MUNIGRAPH_IDLE_TIMEOUT={value}: give a number of seconds "
                           "(0 for never)").format(value=repr(text)))
    return int(text)


def ensure_server(folder: DataFolder, idle_timeout: int | None = None) -> dict:
    """Return the running server of ``folder``, starting one if there is none.

    ``idle_timeout`` (seconds, 0 for never) applies to a server started here;
    a running server is reused as it is.
    """
    if idle_timeout is None:
        idle_timeout = idle_timeout_from_env()
    with folder.lock("start.lock"):
        info = folder.server_info()
        if info:
            return info
        return _spawn(folder, idle_timeout)


def _spawn(folder: DataFolder, idle_timeout: int) -> dict:
    folder.password()
    folder.file("server.json").unlink(missing_ok=True)
    log = folder.open("server.log", "ab")
    command = [sys.executable, "-m", "munigraph.graph.embedded", str(folder.path),
               "--idle-timeout", str(idle_timeout)]
    child = subprocess.Popen(
        command, cwd=folder.path, stdin=subprocess.DEVNULL, stdout=log,
        stderr=subprocess.STDOUT, start_new_session=True,
    )
    log.close()
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise StoreError(_(
                "the embedded server on {folder} stopped while starting "
                "(exit code {code}); its log ends with:\n{log}").format(
                    folder=folder.path, code=child.returncode, log=_log_tail(folder)))
        info = folder.server_info()
        if info and info.get("pid") == child.pid:
            return info
        time.sleep(0.1)
    child.terminate()
    raise StoreError(_("the embedded server on {folder} did not start within "
                       "{seconds} s; see {log}").format(
                           folder=folder.path, seconds=START_TIMEOUT, log=folder.file("server.log")))


def _log_tail(folder: DataFolder, lines: int = 15) -> str:
    try:
        text = folder.file("server.log").read_text(errors="replace")
    except OSError:
        return _("(no log)")
    return "\n".join(text.splitlines()[-lines:])


def stop_server(folder: DataFolder, timeout: float = 60) -> bool:
    """Stop the server of ``folder``; return False when none was running."""
    info = folder.server_info()
    if not info:
        return False
    try:
        os.kill(info["pid"], signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not folder.lock_is_held("server.lock"):
            return True
        time.sleep(0.1)
    raise StoreError(_("the embedded server (pid {pid}) did not stop within {seconds} s").format(
        pid=info["pid"], seconds=timeout))


# --- the server process ----------------------------------------------------------


def _free_port() -> int:
    """A free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(path, idle_timeout: int) -> int:
    """Run the server on ``path`` until stopped or idle; the child process's main."""
    os.umask(0o077)  # the files the server creates (database, logs, WAL) are private
    folder = DataFolder(path)
    folder.ensure()
    lock = folder.open("server.lock")
    for _attempt in range(40):  # a client probing the lock holds it for an instant
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            time.sleep(0.05)
    else:
        print(f"another munigraph server is already running on {folder.path}", file=sys.stderr)
        return 3
    import arcadedb_embedded

    bolt_port = _free_port()
    server = arcadedb_embedded.ArcadeDBServer(
        root_path=str(folder.file("arcadedb")),
        root_password=folder.password(),
        config={
            "host": "127.0.0.1",
            "http_port": 0,  # any free port: ArcadeDB cannot start without it; closed below
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": bolt_port,
        },
        # out of memory, a server is of no use, and may leave a client waiting for an
        # answer forever: it stops, and the client's transaction fails and says so
        jvm_kwargs={"heap_size": heap_size(), "jvm_args": ["-XX:+ExitOnOutOfMemoryError"]},
    )
    started = time.monotonic()
    server.start()
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_signal: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_signal: stopping.append(True))
    try:
        # ArcadeDB has no setting that turns its HTTP port off, and munigraph does not use it
        server._java_server.getHttpServer().stopService()
        security = server._java_server.getSecurity()
        if not security.existsUser(folder.user()):  # in the admin group, like root
            security.createUser(folder.user(), folder.password())
        if not (folder.path / "arcadedb" / "databases" / DATABASE).exists():
            server.create_database(DATABASE)
        info = {"pid": os.getpid(), "bolt_port": bolt_port, "idle_timeout": idle_timeout,
                "started": time.time(), "startup_seconds": round(time.monotonic() - started, 2)}
        tmp = folder.file("server.json.tmp")
        tmp.write_text(json.dumps(info))
        tmp.replace(folder.file("server.json"))
        print(f"munigraph server ready on bolt://127.0.0.1:{bolt_port} "
              f"in {info['startup_seconds']} s", flush=True)
        while True:
            while not stopping and not _idle(folder, started, idle_timeout):
                time.sleep(0.5)
            # Under start.lock no client can find this server, or start another, while it
            # stops; a client that connected in the meantime keeps it running.
            with folder.lock("start.lock"):
                if stopping or _idle(folder, started, idle_timeout):
                    if not stopping:
                        print(f"idle for {idle_timeout} s: stopping", flush=True)
                    folder.file("server.json").unlink(missing_ok=True)
                    server.stop()
                    break
    finally:  # also after an unexpected error; stop() returns at once if already stopped
        folder.file("server.json").unlink(missing_ok=True)
        server.stop()
    print("munigraph server stopped", flush=True)
    return 0


def _idle(folder: DataFolder, started: float, idle_timeout: int) -> bool:
    """Whether the server has had no client for longer than ``idle_timeout`` (0: never)."""
    return bool(idle_timeout) and _idle_for(folder, started) > idle_timeout


def _idle_for(folder: DataFolder, started: float) -> float:
    """Seconds since the last client left; 0 while a client is connected."""
    if folder.lock_is_held("clients.lock", fcntl.LOCK_EX):
        return 0.0
    try:
        last = folder.file("last-used").stat().st_mtime
    except FileNotFoundError:
        last = 0.0
    since_start = time.monotonic() - started
    return min(time.time() - last, since_start)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Run munigraph's embedded server.")
    parser.add_argument("path")
    parser.add_argument("--idle-timeout", type=int, default=0)
    arguments = parser.parse_args()
    sys.exit(serve(arguments.path, arguments.idle_timeout))
