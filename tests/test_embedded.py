"""The embedded store's server: one per data folder, reused, loopback only, stops when told
or when idle, password kept private."""

import json
import os
import stat
import subprocess
import sys
import time

from munigraph.graph import embedded


def munigraph(*args, env=None):
    return subprocess.run([sys.executable, "-m", "munigraph.cli", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=180)


def listening_addresses(port):
    """The local addresses of listening TCP sockets on ``port`` (Linux /proc/net)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            next(lines)
            for line in lines:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:
                    found.append(address)
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

        # loopback only, and the password stays in its 0600 file
        loopback = {"0100007F", "0000000000000000FFFF00000100007F"}  # 127.0.0.1, ::ffff:127.0.0.1
        for port in (info["bolt_port"], info["http_port"]):
            addresses = listening_addresses(port)
            assert addresses and set(addresses) <= loopback, addresses
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
    import munigraph as library

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
