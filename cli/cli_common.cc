#include "cli/cli_common.h"

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status/grpc_status.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace dyadscope::cli {

namespace {
std::shared_ptr<grpc::ChannelCredentials>& Credentials() {
  static auto* credentials = new std::shared_ptr<grpc::ChannelCredentials>();
  return *credentials;
}
}  // namespace

void UseChannelCredentials(
    std::shared_ptr<grpc::ChannelCredentials> credentials) {
  Credentials() = std::move(credentials);
}

std::shared_ptr<grpc::Channel> Connect(const std::string& address) {
  return grpc::CreateChannel(address, Credentials()
                                          ? Credentials()
                                          : grpc::InsecureChannelCredentials());
}

std::unique_ptr<grpc::ClientContext> NewContext(const Settings& settings) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + settings.timeout));
  if (!settings.token.empty()) {
    context->AddMetadata("authorization",
                         absl::StrCat("Bearer ", settings.token));
  }
  return context;
}

void PrintJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = false;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (out.empty() || out.back() != '\n') std::fputc('\n', stdout);
}

int ReportError(absl::string_view what, const grpc::Status& status) {
  std::fprintf(stderr, "dyadscope: %s failed: %s: %s\n",
               std::string(what).c_str(), GrpcCodeName(status.error_code()),
               status.error_message().c_str());
  google::rpc::Status rich;
  if (!status.error_details().empty() &&
      rich.ParseFromString(status.error_details())) {
    for (const auto& detail : rich.details()) {
      google::rpc::BadRequest bad;
      google::rpc::ErrorInfo info;
      if (detail.UnpackTo(&bad)) {
        for (const auto& v : bad.field_violations()) {
          std::fprintf(stderr, "  %s: %s\n", v.field().c_str(),
                       v.description().c_str());
        }
      } else if (detail.UnpackTo(&info) && !info.reason().empty()) {
        std::fprintf(stderr, "  reason: %s (%s)\n", info.reason().c_str(),
                     info.domain().c_str());
      }
    }
  }
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    std::fprintf(stderr,
                 "  is the service running? (`make run` starts the suite)\n");
  }
  return kExitServerError;
}

bool StdoutIsTerminal() { return isatty(STDOUT_FILENO) != 0; }

std::string RelationshipClassName(scoring::v1::RelationshipClass c,
                                  absl::string_view undetermined) {
  switch (c) {
    case scoring::v1::RELATIONSHIP_CLASS_PARTNERSHIP:
      return "partnership";
    case scoring::v1::RELATIONSHIP_CLASS_HIERARCHICAL_INTERDEPENDENCE:
      return "hierarchical interdependence";
    case scoring::v1::RELATIONSHIP_CLASS_DEPENDENCY:
      return "dependency";
    case scoring::v1::RELATIONSHIP_CLASS_TRANSACTIONAL:
      return "transactional";
    default:
      return std::string(undetermined);
  }
}

}  // namespace dyadscope::cli
