"""README.md's install, on a fresh virtual environment, gives every documented command.

Slow, and run once, last: one test creates a venv in a temporary folder (started in the
background when the suite is collected: see conftest.py), runs the install part of
the first set-up command of README.md (read from the README, so that a change to it is what
is tested; `pip install -e` pointed at this checkout, with pip's cache), then, in that venv
and over a fresh data folder: `munigraph load`, every `munigraph export` kind, a small
`munigraph bench` over an empty data folder of its own, and one fetch of the page that
`munigraph explore` serves. Most of its time is pip's. It is skipped only when pip cannot
reach a package index.
"""

import os
import queue
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ["html", "png", "svg", "pdf", "gexf", "graphml", "map"]
SUFFIX = {"map": "html"}


def readme_install(venv: Path) -> list:
    """The venv and pip commands of README.md's first ```sh block, with its `.venv` put at
    ``venv``, `.` at this checkout and `python3` this interpreter."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.DOTALL).group(1)
    lexer = shlex.shlex(block, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    commands, current = [], []
    for token in lexer:
        if token == "&&":
            commands.append(current)
            current = []
        else:
            current.append(token)
    commands.append(current)
    install = [c for c in commands if c[1:3] == ["-m", "venv"] or (Path(c[0]).name.startswith("pip") and "install" in c)]
    assert [c[1:3] == ["-m", "venv"] for c in install] == [True, False], f"no venv + pip install in README: {commands}"
    assert "." in install[1], f"the README's pip install does not install this checkout: {install[1]}"

    def where(token):
        if token == "python3":
            return sys.executable
        if token == ".":
            return str(ROOT)
        if token == ".venv" or token.startswith(".venv/"):
            return str(venv / token[len(".venv/"):]) if token != ".venv" else str(venv)
        return token

    return [[where(t) for t in command] for command in install]


def pip_reaches_an_index(tmp_path) -> bool:
    probe = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--retries", "0",
                            "--timeout", "15", "-d", str(tmp_path / "probe"), "click"],
                           check=False, capture_output=True, text=True, timeout=120)
    return probe.returncode == 0


def run(command, env, cwd, timeout=600):
    started = time.monotonic()
    done = subprocess.run(command, check=False, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{shlex.join(map(str, command))} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done, time.monotonic() - started


def non_empty(path: Path):
    assert path.is_file() and path.stat().st_size > 0, f"{path} is missing or empty"


def explore_once(munigraph, env, cwd):
    """Start `munigraph explore`, fetch the address it prints once, stop it."""
    process = subprocess.Popen([munigraph, "explore", "--no-browser", "--port", "0"], env=env, cwd=cwd,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        seen, deadline = [], time.monotonic() + 120
        while True:
            try:
                seen.append(lines.get(timeout=max(0.1, deadline - time.monotonic())))
            except queue.Empty:
                pytest.fail(f"munigraph explore printed no address: {''.join(seen)!r} (exit {process.poll()})")
            found = re.search(r"http://[0-9.]+:[0-9]+/", seen[-1])
            if found:
                break
        with urllib.request.urlopen(found.group(0), timeout=30) as response:
            assert response.status == 200
            assert "<html" in response.read().decode("utf-8", "replace").lower()
    finally:
        process.terminate()
        process.wait(timeout=30)


def clean_environment() -> dict:
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("NEO4J_", "MUNIGRAPH_", "VIRTUAL_ENV", "PYTHONPATH"))}


def start_install(folder: Path) -> None:
    """Start the README's install into ``folder``/venv in the background (the test suite's
    collection calls this, and runs this test last, so that pip works while other tests run)."""
    commands = " && ".join(shlex.join(map(str, c)) for c in readme_install(folder / "venv"))
    log = open(folder / "install.log", "w")
    BACKGROUND.update(folder=folder, log=folder / "install.log", started=time.monotonic(),
                      process=subprocess.Popen(["bash", "-c", commands], env=clean_environment(),
                                               cwd=folder, stdout=log, stderr=subprocess.STDOUT))


BACKGROUND = {}  # the install started by start_install: folder, log, started, process


def installed_venv(tmp_path, timings) -> Path:
    """The venv of the README's install: the one started in the background, else made now."""
    env = clean_environment()
    if BACKGROUND:
        code = BACKGROUND["process"].wait(timeout=1200)
        timings["venv + pip install (in the background)"] = time.monotonic() - BACKGROUND["started"]
        if code != 0 and not pip_reaches_an_index(tmp_path):
            pytest.skip("pip cannot reach a package index: the install cannot be tested")
        assert code == 0, f"the README's install failed:\n{BACKGROUND['log'].read_text()}"
        return BACKGROUND["folder"] / "venv"
    if not pip_reaches_an_index(tmp_path):
        pytest.skip("pip cannot reach a package index (pip download click failed): the install cannot be tested")
    for command in readme_install(tmp_path / "venv"):
        timings["venv" if command[1:3] == ["-m", "venv"] else "pip install"] = run(command, env, tmp_path, timeout=1200)[1]
    return tmp_path / "venv"


def test_readme_install_gives_every_documented_command(tmp_path):
    timings = {}
    venv = installed_venv(tmp_path, timings)
    env = clean_environment()

    munigraph = str(venv / "bin" / "munigraph")
    data, bench_data, out = tmp_path / "data", tmp_path / "bench-data", tmp_path / "out"
    for folder in (data, bench_data, out):
        folder.mkdir()
    env_data = {**env, "MUNIGRAPH_DATA": str(data), "MUNIGRAPH_IDLE_TIMEOUT": "120"}
    env_bench = {**env, "MUNIGRAPH_DATA": str(bench_data), "MUNIGRAPH_IDLE_TIMEOUT": "120"}
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            # the benchmark has a store of its own: it runs beside the load and the exports
            bench = pool.submit(run, [munigraph, "bench", "--size", "small", "--runs", "10", "--sample", "100"],
                                env_bench, out)
            timings["load"] = run([munigraph, "load"], env_data, out)[1]
            started = time.monotonic()
            for kind in EXPORTS:
                target = out / f"amal-{kind}.{SUFFIX.get(kind, kind)}"
                run([munigraph, "export", kind, str(target), "--actor", "AMAL"], env_data, out)
                non_empty(target)
            timings["exports"] = time.monotonic() - started
            started = time.monotonic()
            explore_once(munigraph, env_data, out)
            timings["explore"] = time.monotonic() - started
            timings["bench"] = bench.result()[1]
        non_empty(out / "bench-small.json")
    finally:
        for environment in (env_data, env_bench):
            subprocess.run([munigraph, "server", "stop"], check=False, env=environment, cwd=out, capture_output=True, timeout=120)
        if BACKGROUND:
            shutil.rmtree(BACKGROUND.pop("folder"), ignore_errors=True)
            BACKGROUND.clear()
    print("install test timings (s):", {step: round(seconds, 1) for step, seconds in timings.items()})
