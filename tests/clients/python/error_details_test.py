#!/usr/bin/python3
"""A Python gRPC client (Debian's python3-grpcio) reads the rich error details
a dyadscope server attaches to INVALID_ARGUMENT: google.rpc.ErrorInfo and
google.rpc.BadRequest with one FieldViolation per bad field.

Usage: error_details_test.py SERVER_BINARY PROTOS_DIR
Stubs are generated from the project's protos into a temporary folder, so the test uses exactly the contract the server was built from.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

SERVER, PROTOS = sys.argv[1], sys.argv[2]
del sys.argv[1:3]

GEN = tempfile.mkdtemp(prefix="dyadscope-py-")
# Debian's grpc_tools bundles a protoc too old for proto3 `optional`, so the
# stubs come from Debian's protoc with its gRPC Python plugin (the same
# compiler the C++ build uses). grpc/health is left out: its Python package
# name would shadow grpcio's own `grpc` package.
FILES = ["google/rpc/status.proto", "google/rpc/error_details.proto", "google/rpc/code.proto"]
for root, _, names in os.walk(os.path.join(PROTOS, "dyadscope")):
    FILES += sorted(os.path.relpath(os.path.join(root, n), PROTOS) for n in names if n.endswith(".proto"))
subprocess.run(["protoc", f"-I{PROTOS}", f"--python_out={GEN}", f"--grpc_out={GEN}",
                "--plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin"] + FILES, check=True)
sys.path.insert(0, GEN)

import grpc  # noqa: E402
from google.rpc import error_details_pb2, status_pb2  # noqa: E402
from dyadscope.events.v1 import events_service_pb2, events_service_pb2_grpc  # noqa: E402


def rich_status(error):
    """Returns the google.rpc.Status carried in the call's trailers."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status()
            status.ParseFromString(value)
            return status
    return None


class ErrorDetailsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.log = tempfile.TemporaryFile()
        cls.proc = subprocess.Popen(
            [SERVER, "--listen=127.0.0.1:0", "--metrics_listen=off"],
            stderr=cls.log, stdout=cls.log)
        port = None
        deadline = time.time() + 30
        while port is None and time.time() < deadline:
            cls.log.seek(0)
            m = re.search(rb'"msg":"listening".*?"port":(\d+)', cls.log.read())
            if m:
                port = int(m.group(1))
            elif cls.proc.poll() is not None:
                raise RuntimeError("server exited before listening")
            else:
                time.sleep(0.05)
        if port is None:
            raise RuntimeError("server did not start")
        cls.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        cls.stub = events_service_pb2_grpc.EventsServiceStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.proc.terminate()
        assert cls.proc.wait(timeout=20) == 0

    def test_invalid_argument_names_every_bad_field(self):
        request = events_service_pb2.GetEventRequest(name="not-an-event")
        request.as_of_time.seconds = -3000000000  # 1874
        with self.assertRaises(grpc.RpcError) as caught:
            self.stub.GetEvent(request, timeout=10)
        error = caught.exception
        self.assertEqual(error.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("name", error.details())
        status = rich_status(error)
        self.assertIsNotNone(status, "no grpc-status-details-bin trailer")
        self.assertEqual(status.code, 3)
        info = error_details_pb2.ErrorInfo()
        bad = error_details_pb2.BadRequest()
        self.assertTrue(status.details[0].Unpack(info))
        self.assertEqual(info.reason, "INVALID_ARGUMENT")
        self.assertEqual(info.domain, "events.dyadscope")
        self.assertTrue(status.details[1].Unpack(bad))
        self.assertEqual([v.field for v in bad.field_violations], ["name", "as_of_time"])
        self.assertIn("numeric id", bad.field_violations[0].description)

    def test_not_found_carries_its_reason_and_no_bad_request(self):
        with self.assertRaises(grpc.RpcError) as caught:
            self.stub.GetEvent(events_service_pb2.GetEventRequest(name="events/7"), timeout=10)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND)
        status = rich_status(caught.exception)
        self.assertEqual(len(status.details), 1)
        info = error_details_pb2.ErrorInfo()
        self.assertTrue(status.details[0].Unpack(info))
        self.assertEqual(info.reason, "EVENT_NOT_FOUND")


if __name__ == "__main__":
    unittest.main(verbosity=2)
