#!/usr/bin/python3
"""A Python gRPC client (Debian's python3-grpcio) runs the suite's main
question — AssessDyad PAK–CHN through the gateway — and one backend method
(events.GetVotingAlignment), against the five real binaries.

Usage: gateway_client_test.py BIN_DIR PROTOS_DIR SOURCE_DIR
"""

import os
import sys
import tempfile
import unittest

BIN, PROTOS, SOURCE = sys.argv[1], sys.argv[2], sys.argv[3]
del sys.argv[1:4]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dyadscope_testlib  # noqa: E402

dyadscope_testlib.generate_stubs(PROTOS)

import grpc  # noqa: E402
from dyadscope.events.v1 import events_service_pb2, events_service_pb2_grpc  # noqa: E402
from dyadscope.gateway.v1 import gateway_service_pb2, gateway_service_pb2_grpc  # noqa: E402
from dyadscope.scoring.v1 import model_pb2  # noqa: E402


class GatewayClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        work = tempfile.mkdtemp(prefix="dyadscope-suite-")
        cls.servers = {}
        for name in ("events", "economics", "security_risk"):
            cls.servers[name] = dyadscope_testlib.Server(
                [os.path.join(BIN, name), f"--database={work}/{name}.sqlite"], cwd=SOURCE)
        cls.servers["scoring"] = dyadscope_testlib.Server([os.path.join(BIN, "scoring")])
        address = {name: f"127.0.0.1:{s.port}" for name, s in cls.servers.items()}
        cls.servers["gateway"] = dyadscope_testlib.Server([
            os.path.join(BIN, "gateway"),
            f"--events_address={address['events']}",
            f"--economics_address={address['economics']}",
            f"--security_risk_address={address['security_risk']}",
            f"--scoring_address={address['scoring']}"])
        # A second gateway serving cached answers for up to ten minutes
        # without asking the backends (pre-encoded on the wire).
        cls.servers["gateway_aged"] = dyadscope_testlib.Server([
            os.path.join(BIN, "gateway"),
            f"--events_address={address['events']}",
            f"--economics_address={address['economics']}",
            f"--security_risk_address={address['security_risk']}",
            f"--scoring_address={address['scoring']}",
            "--cache_max_age=10m"])
        cls.channels = {name: grpc.insecure_channel(f"127.0.0.1:{s.port}") for name, s in cls.servers.items()}

    @classmethod
    def tearDownClass(cls):
        for channel in cls.channels.values():
            channel.close()
        for server in cls.servers.values():
            assert server.stop() == 0

    def test_assess_pak_chn_through_the_gateway(self):
        stub = gateway_service_pb2_grpc.GatewayServiceStub(self.channels["gateway"])
        request = gateway_service_pb2.AssessDyadRequest()
        request.dyad.country_a = "PAK"
        request.dyad.country_b = "CHN"
        response = stub.AssessDyad(request, timeout=120)
        assessment = response.assessment
        self.assertFalse(assessment.provisional, list(assessment.warnings))
        self.assertEqual([p.period.name for p in assessment.periods], ["consolidation", "deepening"])
        for period in assessment.periods:
            self.assertEqual(len(period.score.indices), 3)
            self.assertNotEqual(period.score.relationship_class, model_pb2.RELATIONSHIP_CLASS_UNSPECIFIED)
            probabilities = sum(p.probability for p in period.score.class_probabilities)
            self.assertAlmostEqual(probabilities, 1.0, places=9)
        # The same question again is answered from the cache.
        again = stub.AssessDyad(request, timeout=120).assessment
        self.assertTrue(again.from_cache)

    def test_a_recent_cached_answer_decodes_to_the_same_assessment(self):
        stub = gateway_service_pb2_grpc.GatewayServiceStub(self.channels["gateway_aged"])
        request = gateway_service_pb2.AssessDyadRequest()
        request.dyad.country_a = "PAK"
        request.dyad.country_b = "CHN"
        first = stub.AssessDyad(request, timeout=120).assessment
        again = stub.AssessDyad(request, timeout=120).assessment
        self.assertFalse(first.from_cache)
        self.assertTrue(again.from_cache)
        self.assertEqual(again.periods, first.periods)
        self.assertEqual(again.sources, first.sources)
        again.from_cache = False
        self.assertEqual(again, first)
        self.assertEqual(len(again.periods), 2)

    def test_a_backend_method_directly(self):
        stub = events_service_pb2_grpc.EventsServiceStub(self.channels["events"])
        request = events_service_pb2.GetVotingAlignmentRequest(start_year=2000, end_year=2000)
        request.dyad.country_a = "PAK"
        request.dyad.country_b = "CHN"
        response = stub.GetVotingAlignment(request, timeout=60)
        metrics = response.years[0].dyad_metrics
        self.assertEqual((metrics.joint_votes, metrics.same_votes), (72, 63))
        self.assertAlmostEqual(metrics.percent_agreement, 87.5)


if __name__ == "__main__":
    unittest.main(verbosity=2)
