"""A throwaway Varnish with the repository's VCL, for the tests and the benchmark.

``Varnish(backend_port)`` writes a ``site.vcl`` naming the backend on 127.0.0.1 and
allowing purges from the loopback, starts ``varnishd`` on a free port with its own working
directory (``-n``), and stops it on ``stop()``. It starts a program with fixed arguments
and talks only to the loopback (bandit: nosec).
"""

import os
import shutil
import signal
import socket
import subprocess  # nosec B404
import tempfile
import time
from pathlib import Path

VCL_DIR = Path(__file__).resolve().parent.parent / "deploy" / "varnish"
VARNISHD = shutil.which("varnishd") or (
    "/usr/sbin/varnishd" if os.path.exists("/usr/sbin/varnishd") else None
)
MISSING = (
    "varnishd is not installed (Debian: apt-get install varnish varnish-modules; "
    ".ci/run installs them)"
)

SITE_VCL = """vcl 4.1;
backend default {{
    .host = "127.0.0.1";
    .port = "{port}";
    .first_byte_timeout = 60s;
}}
acl purgers {{
    "127.0.0.1";
}}
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Varnish:
    def __init__(self, backend_port, memory="64m", threads=None):
        self.backend_port = backend_port
        self.memory = memory
        self.threads = threads
        self.folder = Path(tempfile.mkdtemp(prefix="varnish-"))
        # varnishd compiles the VCL as its own unprivileged user, who must read site.vcl.
        self.folder.chmod(0o755)
        self.port = None
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, port=None, deadline=30):
        if VARNISHD is None:
            raise RuntimeError(MISSING)
        (self.folder / "site.vcl").write_text(SITE_VCL.format(port=self.backend_port))
        self.port = port or self.port or free_port()
        command = [
            VARNISHD,
            "-F",
            "-n",
            str(self.folder / "work"),
            "-a",
            f"127.0.0.1:{self.port}",
            "-T",
            "none",
            "-p",
            f"vcl_path={self.folder}:{VCL_DIR}",
            "-f",
            str(VCL_DIR / "newsarchive.vcl"),
            "-s",
            f"malloc,{self.memory}",
        ]
        if self.threads:
            command += ["-p", f"thread_pool_min={self.threads}"]
        self.log = open(self.folder / "varnishd.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # nosec B603
            command, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        stop_at = time.monotonic() + deadline
        while time.monotonic() < stop_at:
            if self.process.poll() is not None:
                raise RuntimeError("varnishd stopped:\n" + self.read_log())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("varnishd did not answer in time:\n" + self.read_log())

    def read_log(self):
        return (self.folder / "varnishd.log").read_text(errors="replace")

    def pause(self):
        """Varnish stops answering (SIGSTOP) but keeps what it has cached."""
        os.killpg(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.killpg(self.process.pid, signal.SIGCONT)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGCONT)
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=20)
        if self.process is not None:
            self.log.close()
        self.process = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
