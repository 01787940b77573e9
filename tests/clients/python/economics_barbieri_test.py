#!/usr/bin/python3
"""A Python gRPC client (Debian's python3-grpcio) recomputes the Barbieri
trade-interdependence measures for one PAK–CHN year from the raw
observations ListObservations returns, and checks that ComputeIndicators
gives the same numbers from the same observations.

Usage: economics_barbieri_test.py ECONOMICS_BINARY PROTOS_DIR SOURCE_DIR
"""

import math
import os
import sys
import tempfile
import unittest

SERVER, PROTOS, SOURCE = sys.argv[1], sys.argv[2], sys.argv[3]
del sys.argv[1:4]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dyadscope_testlib  # noqa: E402

dyadscope_testlib.generate_stubs(PROTOS)

import grpc  # noqa: E402
from dyadscope.economics.v1 import economics_service_pb2 as pb, economics_service_pb2_grpc  # noqa: E402
from dyadscope.economics.v1 import observation_pb2  # noqa: E402

YEAR = 2010


class BarbieriTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = tempfile.mkdtemp(prefix="dyadscope-econ-") + "/economics.sqlite"
        cls.server = dyadscope_testlib.Server([SERVER, f"--database={cls.db}"], cwd=SOURCE)
        cls.channel = grpc.insecure_channel(f"127.0.0.1:{cls.server.port}")
        cls.stub = economics_service_pb2_grpc.EconomicsServiceStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        assert cls.server.stop() == 0

    def list_all(self, request):
        observations = []
        while True:
            response = self.stub.ListObservations(request, timeout=30)
            observations += response.observations
            if not response.next_page_token:
                return observations
            request.page_token = response.next_page_token

    def trade(self, reporter, partner):
        """Exports + imports of `reporter` with `partner`, as reporter states
        them in IMF DOTS, and the observations used."""
        request = pb.ListObservationsRequest(page_size=50)
        request.filter.reporter_codes.append(reporter)
        request.filter.partner_codes.append(partner)
        request.filter.source_systems.append("IMF_DOTS")
        request.filter.start_year = YEAR
        request.filter.end_year = YEAR
        found = {}
        for o in self.list_all(request):
            if o.year_basis in (observation_pb2.YEAR_BASIS_UNSPECIFIED, observation_pb2.YEAR_BASIS_CALENDAR) \
                    and o.reporting_side in (observation_pb2.REPORTING_SIDE_UNSPECIFIED,
                                             observation_pb2.REPORTING_SIDE_REPORTER) \
                    and o.HasField("value"):
                found[o.flow] = o
        exports, imports = found[observation_pb2.FLOW_EXPORTS], found[observation_pb2.FLOW_IMPORTS]
        return exports.value + imports.value, {exports.name, imports.name}

    def test_barbieri_measures_match_compute_indicators(self):
        t_ab, used_a = self.trade("PAK", "CHN")
        t_a, used_a_world = self.trade("PAK", "WLD")
        t_ba, used_b = self.trade("CHN", "PAK")
        t_b, used_b_world = self.trade("CHN", "WLD")
        s_a, s_b = t_ab / t_a, t_ba / t_b
        expected = {
            "trade_share_a": s_a,
            "trade_share_b": s_b,
            "barbieri_salience": math.sqrt(s_a * s_b),
            "barbieri_symmetry": 1 - abs(s_a - s_b),
            "barbieri_interdependence": math.sqrt(s_a * s_b) * (1 - abs(s_a - s_b)),
        }
        request = pb.ComputeIndicatorsRequest(start_year=YEAR, end_year=YEAR)
        request.dyad.country_a = "PAK"
        request.dyad.country_b = "CHN"
        request.indicator_ids.extend(expected.keys())
        response = self.stub.ComputeIndicators(request, timeout=30)
        got = {s.indicator.indicator_id: s.points[0] for s in response.series}
        self.assertEqual(set(got), set(expected))
        for indicator, value in expected.items():
            with self.subTest(indicator=indicator):
                self.assertTrue(got[indicator].HasField("value"), got[indicator].note)
                self.assertAlmostEqual(got[indicator].value, value, places=12)
        # The service names the same observations as its inputs.
        inputs = {i.observation for i in got["barbieri_salience"].inputs}
        self.assertEqual(inputs, used_a | used_a_world | used_b | used_b_world)
        self.assertGreater(expected["barbieri_salience"], 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
