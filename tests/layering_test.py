#!/usr/bin/env python3
"""The layering rules of docs/architecture.md, checked on #include lines.

Usage: layering_test.py SOURCE_DIR
       layering_test.py --self-test

Rules (each offence is printed as file:line: include (rule)):
  transport-free: a file under services/<svc>/domain/ or
    services/gateway/aggregation/ includes no gRPC header (grpcpp/..., grpc/...,
    *.grpc.pb.h), directly or through a project header it includes, and no
    storage implementation (common/storage/sqlite_database.h,
    postgres_database.h, database_factory.h, anything in services/*/storage/
    except the repository interfaces in REPOSITORY_INTERFACE_ALLOW_LIST);
    a unit test there (*_test.cc, its own target) may wire a real store.
  service boundary: a file of services/<a>/ includes nothing of services/<b>/
    for another service <b>, and no generated header of another service's
    package (dyadscope/<pkg>/...), except that the gateway may include the
    other services' generated proto headers (never their gRPC stubs'
    implementation code in services/).
  common is below the services: no file under common/ includes services/.
The CMake side of the first rule (no transport-free library links gRPC) is
cmake/DyadscopeLayers.cmake.
"""

import os
import re
import subprocess
import sys
import tempfile

# Interface headers that domain code includes from storage/ until the
# repository interfaces move to domain/ ports (issue 15, "records"); after
# that move this list shrinks to nothing.
REPOSITORY_INTERFACE_ALLOW_LIST = frozenset({
    "services/events/storage/event_repository.h",
    "services/economics/storage/observation_repository.h",
    "services/security_risk/storage/incident_repository.h",
})

STORAGE_IMPLEMENTATIONS = frozenset({
    "common/storage/sqlite_database.h",
    "common/storage/postgres_database.h",
    "common/storage/database_factory.h",
})

# Service folder -> its protobuf package folder under dyadscope/.
SERVICE_PACKAGES = {
    "events": "events",
    "economics": "economics",
    "security_risk": "securityrisk",
    "scoring": "scoring",
    "gateway": "gateway",
}

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]')
SOURCE_SUFFIXES = (".h", ".cc")
SCANNED_ROOTS = ("common", "services")


def read_includes(path):
    """Returns [(line_number, included_path)] of the file at PATH."""
    result = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            match = INCLUDE_RE.match(line)
            if match:
                result.append((number, match.group(1)))
    return result


def is_grpc_header(include):
    """True for gRPC's headers and generated stubs; the generated messages of
    grpc/health/v1 (health.pb.h) are plain protobuf."""
    if include.endswith(".grpc.pb.h") or include.startswith("grpcpp/"):
        return True
    return include.startswith("grpc/") and not include.endswith(".pb.h")


def is_transport_free(relative):
    return (re.match(r"services/[a-z_]+/domain/", relative) is not None or
            relative.startswith("services/gateway/aggregation/"))


def service_of(relative):
    match = re.match(r"services/([a-z_]+)/", relative)
    return match.group(1) if match else None


class Checker:
    """Collects the offences of the tree rooted at ROOT."""

    def __init__(self, root):
        self.root = root
        self.includes_cache = {}
        self.grpc_chain_cache = {}

    def includes(self, relative):
        if relative not in self.includes_cache:
            self.includes_cache[relative] = read_includes(
                os.path.join(self.root, relative))
        return self.includes_cache[relative]

    def grpc_chain(self, relative, seen):
        """Returns the include chain from RELATIVE to a gRPC header, or None."""
        if relative in self.grpc_chain_cache:
            return self.grpc_chain_cache[relative]
        if relative in seen:
            return None
        seen.add(relative)
        chain = None
        for _, include in self.includes(relative):
            if is_grpc_header(include):
                chain = [include]
                break
            if os.path.isfile(os.path.join(self.root, include)):
                sub = self.grpc_chain(include, seen)
                if sub:
                    chain = [include] + sub
                    break
        self.grpc_chain_cache[relative] = chain
        return chain

    def check_file(self, relative):
        offences = []
        service = service_of(relative)
        for line, include in self.includes(relative):
            where = f"{relative}:{line}: #include \"{include}\""
            if is_transport_free(relative):
                if is_grpc_header(include):
                    offences.append(f"{where} (gRPC header in a transport-free layer)")
                elif os.path.isfile(os.path.join(self.root, include)):
                    chain = self.grpc_chain(include, set())
                    if chain:
                        offences.append(
                            f"{where} (reaches gRPC: {' -> '.join(chain)})")
                if relative.endswith("_test.cc"):
                    pass  # a test is a composition root: it may wire a store
                elif include in STORAGE_IMPLEMENTATIONS or (
                        re.match(r"services/[a-z_]+/storage/", include) and
                        include not in REPOSITORY_INTERFACE_ALLOW_LIST):
                    offences.append(
                        f"{where} (storage implementation in a transport-free layer)")
            if service:
                other = service_of(include)
                if other and other != service:
                    offences.append(f"{where} (code of service {other})")
                package = re.match(r"dyadscope/([a-z_]+)/", include)
                if (package and service != "gateway" and
                        package.group(1) in SERVICE_PACKAGES.values() and
                        package.group(1) != SERVICE_PACKAGES.get(service)):
                    offences.append(
                        f"{where} (another service's package {package.group(1)})")
            elif relative.startswith("common/") and include.startswith("services/"):
                offences.append(f"{where} (common/ includes a service)")
        return offences

    def run(self):
        offences = []
        scanned = 0
        for top in SCANNED_ROOTS:
            for directory, _, files in os.walk(os.path.join(self.root, top)):
                for name in sorted(files):
                    if not name.endswith(SOURCE_SUFFIXES):
                        continue
                    relative = os.path.relpath(os.path.join(directory, name),
                                               self.root)
                    scanned += 1
                    offences.extend(self.check_file(relative))
        return scanned, sorted(offences)


def check(root):
    scanned, offences = Checker(root).run()
    for offence in offences:
        print(offence)
    if offences:
        print(f"layering: {len(offences)} offence(s) in {scanned} files")
        return 1
    print(f"layering clean: {scanned} files")
    return 0


def write(root, relative, text):
    path = os.path.join(root, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def self_test():
    """Runs this script on tiny trees: clean ones pass, offending ones fail
    and name the offending file:line."""
    clean = {
        "services/events/domain/manager.h":
            '#include "services/events/storage/event_repository.h"\n'
            '#include "common/types/types.h"\n'
            '#include "dyadscope/events/v1/event.pb.h"\n',
        "services/events/storage/event_repository.h": "#pragma once\n",
        "services/events/grpc/service.h": '#include <grpcpp/grpcpp.h>\n',
        "services/gateway/aggregation/agg.cc":
            '#include "dyadscope/events/v1/events_service.pb.h"\n',
        "services/gateway/clients/backends.h":
            '#include "dyadscope/events/v1/events_service.grpc.pb.h"\n',
        "common/types/types.h": "#pragma once\n",
    }
    cases = {
        "grpc in domain": ("services/events/domain/bad.cc",
                           "\n#include <grpcpp/grpcpp.h>\n", ":2:"),
        "stub in aggregation": ("services/gateway/aggregation/bad.h",
                                '#include "dyadscope/events/v1/events_service.grpc.pb.h"\n',
                                ":1:"),
        "grpc through a header": ("services/scoring/domain/bad.h",
                                  '#include "services/scoring/domain/helper.h"\n',
                                  ":1:"),
        "sqlite in domain": ("services/economics/domain/bad.cc",
                             '#include "common/storage/sqlite_database.h"\n', ":1:"),
        "sql repository in domain": (
            "services/events/domain/bad.cc",
            '#include "services/events/storage/sql_event_repository.h"\n', ":1:"),
        "cross-service code": ("services/gateway/grpc/bad.cc",
                               '#include "services/events/domain/manager.h"\n', ":1:"),
        "cross-service package": ("services/scoring/grpc/bad.cc",
                                  '#include "dyadscope/events/v1/event.pb.h"\n', ":1:"),
        "common includes a service": ("common/util/bad.h",
                                      '#include "services/events/domain/manager.h"\n',
                                      ":1:"),
    }
    extra = {"services/scoring/domain/helper.h": '#include "grpc/grpc.h"\n'}
    failures = []

    def run_on(files):
        with tempfile.TemporaryDirectory() as root:
            for relative, text in files.items():
                write(root, relative, text)
            return subprocess.run([sys.executable, __file__, root],
                                  capture_output=True, text=True, check=False)

    result = run_on(clean)
    if result.returncode != 0:
        failures.append(f"clean tree failed:\n{result.stdout}")
    for name, (relative, text, line) in cases.items():
        files = dict(clean)
        files[relative] = text
        if name == "grpc through a header":
            files.update(extra)
        result = run_on(files)
        if result.returncode == 0:
            failures.append(f"{name}: passed, expected a failure")
        elif relative + line not in result.stdout:
            failures.append(f"{name}: did not name {relative}{line}:\n{result.stdout}")
    for failure in failures:
        print(failure)
    if failures:
        return 1
    print(f"layering self-test: clean tree passes, {len(cases)} offending trees fail")
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        return self_test()
    if len(argv) != 2:
        print(__doc__)
        return 2
    return check(argv[1])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
