"""The embedded store's server: one per data folder, reused, loopback only, stops when told
or when idle, password kept private, its folder private, and not to be locked out."""

import json
import os
import stat
import subprocess
import sys
import time

import neo4j
import pytest

import munigraph as library
from munigraph.graph import embedded


def munigraph(*args, env=None):
    return subprocess.run([sys.executable, "-m", "munigraph.cli", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=180)


def listening(pid):
    """The (address, port) pairs on which process ``pid`` listens for TCP (Linux /proc)."""
    sockets = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            sockets.add(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except FileNotFoundError:  # closed meanwhile
            pass
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                address, hex_port = fields[1].split(":")
                if fields[3] == "0A" and f"socket:[{fields[9]}]" in sockets:
                    found.add((address, int(hex_port, 16)))
    return found


def not_private(folder):
    """What in ``folder`` (itself included, links left out) is not a 0700 folder or a 0600
    file, with its mode."""
    found = {}
    inside = [os.path.join(parent, name) for parent, dirs, files in os.walk(folder)
              for name in dirs + files]
    for path in [folder, *inside]:
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:  # removed meanwhile by the running server
            continue
        if not stat.S_ISLNK(mode) and stat.S_IMODE(mode) != (0o700 if stat.S_ISDIR(mode) else 0o600):
            found[os.path.relpath(path, folder)] = oct(stat.S_IMODE(mode))
    return found


def test_server_lifecycle(tmp_path):
    folder = embedded.DataFolder(tmp_path / "store")
    started = munigraph("server", "start", "--data", str(folder.path))
    assert started.returncode == 0, started.stderr
    info = folder.server_info()
    assert f"bolt://127.0.0.1:{info['bolt_port']}" in started.stdout
    try:
        # another command on the same folder reuses the running server
        status = munigraph("status", "--json", "--data", str(folder.path))
        assert status.returncode == 0, status.stderr
        assert json.loads(status.stdout)["embedded"]["pid"] == info["pid"]
        assert "already running" in munigraph("server", "start", "--data", str(folder.path)).stdout

        # a second server on the same folder refuses to start, and the first keeps working
        second = subprocess.run([sys.executable, "-m", "munigraph.graph.embedded", str(folder.path)],
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 3
        assert "another munigraph server is already running" in second.stderr
        assert munigraph("status", "--data", str(folder.path)).returncode == 0

        # the Bolt port on loopback and nothing else (no HTTP port), and the password stays
        # in its 0600 file
        loopback = {"0100007F", "0000000000000000FFFF00000100007F"}  # 127.0.0.1, ::ffff:127.0.0.1
        ports = listening(info["pid"])
        assert {port for _address, port in ports} == {info["bolt_port"]}, ports
        assert {address for address, _port in ports} <= loopback, ports
        password_file = folder.file("password")
        assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
        password = password_file.read_text().strip()
        assert len(password) >= 24
        assert password not in folder.file("server.log").read_text()
        assert password not in status.stdout + status.stderr
    finally:
        stopped = munigraph("server", "stop", "--data", str(folder.path))
    assert stopped.stdout.strip() == "stopped"
    assert folder.server_info() is None
    assert munigraph("server", "status", "--data", str(folder.path)).returncode == 1


def test_implicitly_started_server_stops_when_idle(tmp_path):
    folder = embedded.DataFolder(tmp_path / "store")
    result = munigraph("status", "--data", str(folder.path), env={"MUNIGRAPH_IDLE_TIMEOUT": "2"})
    assert result.returncode == 0, result.stderr
    assert folder.server_info() is not None
    deadline = time.monotonic() + 60
    while folder.server_info() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert folder.server_info() is None
    assert "idle for 2 s: stopping" in folder.file("server.log").read_text()


def test_killed_server_is_replaced_and_the_data_survive(tmp_path):
    folder = embedded.DataFolder(tmp_path / "store")
    with library.open(data=folder.path) as graph:
        graph.load()
        digest = graph.digest()
    os.kill(folder.server_info()["pid"], 9)
    deadline = time.monotonic() + 30
    while folder.lock_is_held("server.lock") and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        with library.open(data=folder.path) as graph:
            assert graph.digest() == digest
    finally:
        embedded.stop_server(folder)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_data_folder_and_everything_in_it_are_private(tmp_path, capsys):
    folder = embedded.DataFolder(tmp_path / "store")
    folder.path.mkdir()
    folder.path.chmod(0o755)
    folder.file("notes.txt").write_text("mine")
    folder.file("notes.txt").chmod(0o644)
    outside = tmp_path / "outside.txt"
    outside.write_text("not in the data folder")
    outside.chmod(0o644)
    folder.file("outside").symlink_to(outside)
    try:
        with library.open(data=folder.path) as graph:
            graph.cypher("CREATE (:Probe {n: 1})", write=True)
            assert not_private(folder.path) == {}  # the server's files too, WAL and logs included
        warning = capsys.readouterr().err
        assert warning.count("warning: other users could open the data folder") == 1, warning
        assert str(folder.path) in warning
        with library.open(data=folder.path) as graph:  # private now: no warning
            assert graph.cypher("MATCH (p:Probe) RETURN p.n AS n")[0]["n"] == 1
        assert capsys.readouterr().err == ""
    finally:
        embedded.stop_server(folder)
    assert os.listdir(folder.file("arcadedb") / "databases" / embedded.DATABASE)
    assert not_private(folder.path) == {}
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644  # the link was not followed


def test_failed_logins_do_not_lock_munigraph_out(tmp_path):
    folder = embedded.DataFolder(tmp_path / "store")
    with library.open(data=folder.path):
        pass
    uri = f"bolt://127.0.0.1:{folder.server_info()['bolt_port']}"

    def logins(user, password, count):
        for _attempt in range(count):
            with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver:
                with pytest.raises(neo4j.exceptions.AuthError):
                    driver.verify_connectivity()

    try:
        # anyone on this computer can find the port and try root: ArcadeDB then refuses root
        # for 30 s, even with the right password; munigraph does not log in as root
        logins("root", "a guess", 6)
        logins("root", folder.password(), 1)
        with library.open(data=folder.path) as graph:
            assert graph.cypher("RETURN 1 AS one")[0]["one"] == 1
        # munigraph's own user name, known only to who can read the password: the message
        # says what happened
        logins(folder.user(), "a guess", 5)
        with pytest.raises(library.StoreError, match="after repeated failed attempts it refuses "
                                                     "logins for 30 s. Retry in about 30 s"):
            library.open(data=folder.path)
    finally:
        embedded.stop_server(folder)
