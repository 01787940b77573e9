"""Shared helpers of the Python client tests: generate stubs from the
project's protos with Debian's protoc and gRPC Python plugin, and run a
service binary on a free loopback port."""

import os
import re
import subprocess
import sys
import tempfile
import time


def generate_stubs(protos_dir):
    """Compiles google/rpc and every dyadscope proto into a temporary folder
    and puts it on sys.path. Debian's grpc_tools bundles a protoc too old for
    proto3 `optional`, so Debian's protoc with grpc_python_plugin does it.
    grpc/health is left out: its package name would shadow grpcio's `grpc`."""
    out = tempfile.mkdtemp(prefix="dyadscope-py-")
    files = ["google/rpc/status.proto", "google/rpc/error_details.proto", "google/rpc/code.proto"]
    for root, _, names in os.walk(os.path.join(protos_dir, "dyadscope")):
        files += sorted(os.path.relpath(os.path.join(root, n), protos_dir) for n in names if n.endswith(".proto"))
    subprocess.run(["protoc", f"-I{protos_dir}", f"--python_out={out}", f"--grpc_out={out}",
                    "--plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin"] + files, check=True)
    sys.path.insert(0, out)
    return out


# How many times longer to wait for a server to start or stop
# (DYADSCOPE_TEST_TIME_SCALE, set for sanitized builds).
try:
    TIME_SCALE = max(1, int(os.environ.get("DYADSCOPE_TEST_TIME_SCALE", "1")))
except ValueError:
    TIME_SCALE = 1


class Server:
    """A service binary started on 127.0.0.1:0; `port` is read from its
    "listening" log line."""

    def __init__(self, argv, cwd=None, timeout=60):
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(argv + ["--listen=127.0.0.1:0", "--metrics_listen=off"],
                                     stderr=self.log, stdout=self.log, cwd=cwd)
        self.port = None
        deadline = time.time() + timeout * TIME_SCALE
        while self.port is None and time.time() < deadline:
            self.log.seek(0)
            m = re.search(rb'"msg":"listening".*?"port":(\d+)', self.log.read())
            if m:
                self.port = int(m.group(1))
            elif self.proc.poll() is not None:
                raise RuntimeError("server exited before listening:\n" + self.text())
            else:
                time.sleep(0.05)
        if self.port is None:
            raise RuntimeError("server did not start:\n" + self.text())

    def text(self):
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self):
        self.proc.terminate()
        return self.proc.wait(timeout=30 * TIME_SCALE)
