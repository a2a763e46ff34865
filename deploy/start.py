"""Start the dashboard as a replica set on this machine: nginx in front of one editor and N viewers.

    .venv/bin/python deploy/start.py                       # nginx on 127.0.0.1:8600, 2 viewers
    .venv/bin/python deploy/start.py --viewers 3 --port 9000 --db data/budget.duckdb

What runs, all on loopback:

- one editor instance (``/edit/``): the only process that opens the database file; it publishes
  a read-only snapshot after every change (``BUDGET_PUBLISH``);
- N viewer instances (``/``): each serves the newest published snapshot (``BUDGET_SNAPSHOTS``);
- Debian's nginx, configured from ``deploy/nginx.conf.template``: sticky sessions by a route
  cookie, WebSocket upgrade, a dead viewer skipped, and Streamlit's static files served from
  disk, gzipped once at start.

This script stays in the foreground as the supervisor: every two seconds it asks each
process's ``/_stcore/health``, and restarts one that has exited or failed three checks running.
Ctrl-C stops the whole set. Behind nginx nobody is "local", so editing needs a password
(``BUDGET_EDITOR_PASSWORD_HASH``) or OIDC; see the README.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import importlib.metadata
import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
EDIT_PATH = "edit"  # the editor's place behind nginx (its server.baseUrlPath)
CHECK_EVERY = 2.0  # seconds between health checks
FAILS_BEFORE_RESTART = 3
START_GRACE = 90.0  # seconds a (re)started process has to answer before its failed checks count


class DeployError(RuntimeError):
    """Something the set needs is missing or would not start; the message says what."""


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if found is None:
        raise DeployError("nginx is not installed: `sudo apt-get install nginx` (make test installs it)")
    return found


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def stop_process(process: subprocess.Popen, grace: float = 15.0) -> None:
    """Ask a child process to end; kill it if it has not after ``grace`` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as answer:
            return answer.status == 200
    except OSError:
        return False


def static_files() -> Path:
    """Streamlit's static folder, copied once per installed version with a .gz beside each text file.

    It lives in the system's temporary folder, not in ``--runtime``: nginx's workers run as
    ``nobody`` when started as root and must reach it, and a private folder (pytest's, say) would
    refuse them. A copy another user made is never used.
    """
    spec = importlib.util.find_spec("streamlit")
    if spec is None or spec.origin is None:
        raise DeployError("streamlit is not installed in this Python: run `make setup`")
    source = Path(spec.origin).parent / "static" / "static"
    version = importlib.metadata.version("streamlit")
    key = hashlib.sha256(f"{source}\n{version}".encode()).hexdigest()[:12]
    target = Path(tempfile.gettempdir()) / f"budget-static-{os.geteuid()}-{key}"
    if (target / ".complete").is_file():
        if target.stat().st_uid != os.geteuid() or target.stat().st_mode & 0o022:
            raise DeployError(f"{target} is not this user's own: remove it")
        return target
    staging = Path(tempfile.mkdtemp(prefix="budget-static-", dir=tempfile.gettempdir()))
    try:
        shutil.copytree(source, staging, dirs_exist_ok=True)
        for path in staging.rglob("*"):
            if path.suffix in {".js", ".css", ".svg", ".json", ".txt", ".map"} and path.is_file():
                with open(path, "rb") as plain, gzip.open(f"{path}.gz", "wb", compresslevel=6) as packed:
                    shutil.copyfileobj(plain, packed)
        (staging / ".complete").write_text(str(source), encoding="utf-8")
        staging.chmod(0o755)
        os.rename(staging, target)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)  # another start finished first, or the copy failed
        if not (target / ".complete").is_file():
            raise
    return target


def nginx_config(listen: int, editor: int, viewers: list[int], runtime: Path, static: Path | None = None) -> str:
    """The nginx configuration for this set, from the template."""
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in viewers)
    # a master started as root hands the workers to an unprivileged user (Debian has no group "nobody")
    user = "user nobody nogroup;" if os.geteuid() == 0 else "# (not root: workers run as this user)"
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in {
        "{{USER}}": user,
        "{{RUNTIME}}": str(runtime),
        "{{VIEWERS}}": servers,
        "{{EDITOR}}": f"127.0.0.1:{editor}",
        "{{LISTEN}}": f"127.0.0.1:{listen}",
        "{{STATIC}}": str(static or static_files()),
    }.items():
        text = text.replace(name, value)
    return text


@dataclass
class Member:
    """One Streamlit process of the set."""

    name: str
    port: int
    env: dict[str, str]
    log: Path
    base_path: str = ""
    process: subprocess.Popen | None = None
    fails: int = 0
    restarts: int = 0
    started: float = 0.0
    up: bool = False  # has answered its health check since it was (re)started
    restarts_in_a_row: int = 0  # restarts without answering a health check in between

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}" + (f"/{self.base_path}" if self.base_path else "")

    def start(self) -> None:
        command = [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.port", str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true",
        ]  # fmt: skip
        if self.base_path:
            command += ["--server.baseUrlPath", self.base_path]
        with open(self.log, "a", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.fails, self.up, self.started = 0, False, time.monotonic()

    def stop(self, grace: float = 15.0) -> None:
        """Ask the process to end; kill it after ``grace`` seconds (a hung one gets little)."""
        if self.process is not None:
            stop_process(self.process, grace)


@dataclass
class Stack:
    """A running set: where to reach it, and its processes."""

    url: str
    runtime: Path
    snapshots: Path
    editor: Member
    viewers: list[Member]
    nginx: subprocess.Popen
    events: list[str] = field(default_factory=list)
    supervisor: threading.Thread | None = None

    @property
    def editor_url(self) -> str:
        return self.editor.url

    @property
    def viewer_urls(self) -> list[str]:
        return [viewer.url for viewer in self.viewers]

    def pids(self) -> dict[str, int]:
        """Process ids by name (editor, viewer-1 …, nginx), for memory readings."""
        found = {m.name: m.process.pid for m in [self.editor, *self.viewers] if m.process and m.process.poll() is None}
        if self.nginx.poll() is None:
            found["nginx"] = self.nginx.pid
        return found

    def say(self, message: str) -> None:
        self.events.append(f"{time.strftime('%H:%M:%S')} {message}")
        print(message, flush=True)


def _own_folder(path: Path) -> Path:
    """The runtime folder, made here or already this user's and writable by nobody else.

    nginx (as root, perhaps) reads its configuration from it and writes logs into it, so a
    folder someone else could write to, in /tmp say, is refused.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=0o755)
    info = path.lstat()
    if path.is_symlink() or not path.is_dir() or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        raise DeployError(f"{path} is not a folder of this user's that only it can write: choose another --runtime")
    path.chmod(0o755)  # nginx's workers (nobody, when started as root) read the configuration's folders
    return path


def _wait_healthy(member: Member, deadline: float) -> None:
    while time.monotonic() < deadline:
        if member.process is not None and member.process.poll() is not None:
            raise DeployError(f"{member.name} exited at start; its log: {member.log}")
        if healthy(member.url):
            return
        time.sleep(0.25)  # polling the health endpoint
    raise DeployError(f"{member.name} did not answer /_stcore/health within 90 s; its log: {member.log}")


def _check_static(url: str, runtime: Path) -> None:
    """One of Streamlit's script files, fetched through nginx: a set whose pages cannot load never starts."""
    with urllib.request.urlopen(f"{url}/", timeout=10) as answer:
        page = answer.read().decode("utf-8", "replace")
    script = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', page)
    if script is None:
        raise DeployError(f"no script named in {url}/; see {runtime / 'error.log'}")
    try:
        urllib.request.urlopen(f"{url}/{script.group(1)}", timeout=10).close()
    except OSError as exc:
        raise DeployError(f"nginx cannot serve Streamlit's static files ({exc}); see {runtime / 'error.log'}") from exc


def _check(stack: Stack, member: Member) -> None:
    """One health check of one process; restart it if it has exited or failed three running."""
    exited = member.process is None or member.process.poll() is not None
    if not exited and healthy(member.url, timeout=5.0):
        member.fails, member.up, member.restarts_in_a_row = 0, True, 0
        return
    if not exited and (member.up or time.monotonic() - member.started > START_GRACE):
        member.fails += 1  # a process still starting is given its grace first
    if not exited and member.fails < FAILS_BEFORE_RESTART:
        return
    # a process that dies at every start is restarted less and less often (2, 4, 8 … 60 s)
    if time.monotonic() - member.started < min(60.0, CHECK_EVERY * 2**member.restarts_in_a_row):
        return
    why = "exited" if exited else f"failed {member.fails} health checks"
    stack.say(f"{member.name} {why}: restarting it (log: {member.log})")
    member.stop(grace=15.0 if exited else 3.0)
    member.start()
    member.restarts += 1
    member.restarts_in_a_row += 1


def _supervise(stack: Stack, stopping: threading.Event) -> None:
    """Check every process every CHECK_EVERY seconds; whatever goes wrong with one, go on with the rest."""
    while not stopping.wait(CHECK_EVERY):
        for member in [stack.editor, *stack.viewers]:
            if stopping.is_set():
                return
            try:
                _check(stack, member)
            except Exception as exc:  # the supervisor must outlive any one failure
                stack.say(f"{member.name}: the check failed ({type(exc).__name__}: {exc}); trying again")


def _publish_first(database: Path, snapshots: Path) -> None:
    """A snapshot of the database as it is before the editor opens it, for the viewers to start from."""
    done = subprocess.run(
        [sys.executable, "-m", "budget", "publish", "--out", str(snapshots), "--db", str(database), "--keep", "5"],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    if done.returncode != 0:
        raise DeployError(f"could not publish a first snapshot: {done.stderr.strip()}")


@contextlib.contextmanager
def running(
    port: int,
    viewers: int,
    database: Path,
    runtime: Path,
    env: dict[str, str] | None = None,
) -> Iterator[Stack]:
    """Start the set (editor on port+1, viewers on port+2 …, nginx on port); stop it on leaving."""
    if viewers < 1:
        raise DeployError("at least one viewer")
    database = Path(database).resolve()
    if not database.is_file():
        raise DeployError(f"no database at {database}: run `python -m budget init --db {database}` first")
    ports = [port, port + 1, *range(port + 2, port + 2 + viewers)]
    if busy := [p for p in ports if not port_free(p)]:
        raise DeployError(f"ports in use: {busy}; choose another --port")
    nginx = nginx_binary()
    runtime = _own_folder(Path(runtime).resolve())
    for folder in ("tmp", "logs", "snapshots"):
        (runtime / folder).mkdir(exist_ok=True)
    snapshots = runtime / "snapshots"
    _publish_first(database, snapshots)  # the viewers start from the database as it is now

    base_env = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT), "BUDGET_DB": str(database)}
    for name in ("BUDGET_SNAPSHOTS", "BUDGET_PUBLISH"):  # each process gets its own role below
        base_env.pop(name, None)
    editor = Member(
        "editor", port + 1, {**base_env, "BUDGET_PUBLISH": str(snapshots)}, runtime / "logs" / "editor.log", EDIT_PATH
    )
    readers = [
        Member(
            f"viewer-{i + 1}",
            p,
            {**base_env, "BUDGET_SNAPSHOTS": str(snapshots)},
            runtime / "logs" / f"viewer-{i + 1}.log",
        )
        for i, p in enumerate(ports[2:])
    ]
    members = [editor, *readers]
    stopping = threading.Event()
    proxy: subprocess.Popen | None = None
    supervisor: threading.Thread | None = None
    try:
        for member in members:
            member.start()
        deadline = time.monotonic() + 90
        for member in members:
            _wait_healthy(member, deadline)
        conf = runtime / "nginx.conf"
        conf.write_text(nginx_config(port, port + 1, ports[2:], runtime, static_files()), encoding="utf-8")
        checked = subprocess.run([nginx, "-t", "-p", str(runtime), "-c", str(conf)], capture_output=True, text=True)
        if checked.returncode != 0:
            raise DeployError(f"nginx refused its configuration: {checked.stderr.strip()}")
        with open(runtime / "logs" / "nginx.log", "a", encoding="utf-8") as log:
            proxy = subprocess.Popen(
                [nginx, "-p", str(runtime), "-c", str(conf), "-g", "daemon off;"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        while not healthy(url):
            if proxy.poll() is not None or time.monotonic() > deadline:
                raise DeployError(f"nginx did not start; see {runtime / 'error.log'}")
            time.sleep(0.1)
        _check_static(url, runtime)
        stack = Stack(url, runtime, snapshots, editor, readers, proxy)
        supervisor = threading.Thread(target=_supervise, args=(stack, stopping), daemon=True)
        stack.supervisor = supervisor
        supervisor.start()
        yield stack
    finally:
        stopping.set()
        if supervisor is not None:
            supervisor.join(timeout=CHECK_EVERY * 2 + 10)
        if proxy is not None and proxy.poll() is None:
            proxy.send_signal(signal.SIGQUIT)  # graceful: finish what is in flight
            try:
                proxy.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proxy.kill()
                proxy.wait()
        for member in members:
            member.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--port", type=int, default=8600, help="nginx's port; the editor and viewers take the next ones"
    )
    parser.add_argument("--viewers", type=int, default=2, help="how many viewer processes (default 2)")
    parser.add_argument("--db", default=os.environ.get("BUDGET_DB", str(ROOT / "data" / "budget.duckdb")))
    parser.add_argument(
        "--runtime", help="folder for nginx's files, logs and snapshots (default /tmp/budget-deploy-PORT)"
    )
    args = parser.parse_args(argv)
    runtime = Path(args.runtime or f"/tmp/budget-deploy-{args.port}")
    stopped = threading.Event()
    for name in (signal.SIGTERM, signal.SIGHUP):  # closing the terminal stops the set too
        signal.signal(name, lambda *_: stopped.set())
    try:
        with running(args.port, args.viewers, Path(args.db), runtime) as stack:
            print(f"readers:  {stack.url}/")
            print(f"editor:   {stack.url}/{EDIT_PATH}/  (sign-in needed behind nginx)")
            if (
                not os.environ.get("BUDGET_EDITOR_PASSWORD_HASH")
                and not (ROOT / ".streamlit" / "secrets.toml").is_file()
            ):
                print(
                    f"          no password or OIDC is set: behind nginx nobody can edit; only this computer's"
                    f" browser at {stack.editor_url}/ can (see 'Who may change data' in the README)"
                )
            for viewer in stack.viewers:
                print(f"{viewer.name}: {viewer.url}  (direct)")
            print(f"logs and snapshots: {runtime}   Ctrl-C stops the set.", flush=True)
            while not stopped.wait(1):
                if stack.nginx.poll() is not None:
                    print(f"nginx stopped; see {runtime / 'error.log'}", file=sys.stderr)
                    return 1
                if stack.supervisor is not None and not stack.supervisor.is_alive():
                    print("the supervisor stopped; stopping the set", file=sys.stderr)
                    return 1
    except DeployError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
