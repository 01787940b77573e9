#!/usr/bin/python3
"""A Python gRPC client (Debian's python3-grpcio) reads the rich error details
a dyadscope server attaches to INVALID_ARGUMENT: google.rpc.ErrorInfo and
google.rpc.BadRequest with one FieldViolation per bad field.

Usage: error_details_test.py SERVER_BINARY PROTOS_DIR
Stubs are generated from the project's protos into a temporary folder, so the test uses exactly the contract the server was built from.
"""

import os
import sys
import unittest

SERVER, PROTOS = sys.argv[1], sys.argv[2]
del sys.argv[1:3]

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dyadscope_testlib  # noqa: E402

dyadscope_testlib.generate_stubs(PROTOS)

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
        cls.server = dyadscope_testlib.Server([SERVER])
        cls.channel = grpc.insecure_channel(f"127.0.0.1:{cls.server.port}")
        cls.stub = events_service_pb2_grpc.EventsServiceStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        assert cls.server.stop() == 0

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
