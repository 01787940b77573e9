#include "common/status/grpc_status.h"

#include <string>
#include <utility>

#include "common/status/error_details.h"
#include "google/rpc/code.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace dyadscope {
namespace {

// Cuts `text` to at most `limit` bytes without splitting a UTF-8 sequence.
std::string Truncate(absl::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  constexpr absl::string_view kMark = "...(truncated)";
  std::size_t cut = limit - kMark.size();
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return std::string(text.substr(0, cut)) + std::string(kMark);
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status,
                          absl::string_view domain) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  std::string message = Truncate(status.message(), kMaxErrorMessageBytes);

  google::rpc::Status rich;
  rich.set_code(static_cast<int>(status.code()));
  rich.set_message(message);

  google::rpc::ErrorInfo info;
  info.set_reason(GetReason(status));
  info.set_domain(std::string(domain));
  rich.add_details()->PackFrom(info);

  std::vector<FieldViolation> violations = GetFieldViolations(status);
  if (!violations.empty()) {
    google::rpc::BadRequest bad_request;
    for (const FieldViolation& v : violations) {
      google::rpc::BadRequest::FieldViolation* out =
          bad_request.add_field_violations();
      out->set_field(v.field);
      out->set_description(Truncate(v.description, kMaxErrorMessageBytes));
    }
    rich.add_details()->PackFrom(bad_request);
  }
  return grpc::Status(code, std::move(message), rich.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()),
                   status.error_message());
  google::rpc::Status rich;
  if (status.error_details().empty() ||
      !rich.ParseFromString(status.error_details())) {
    return out;
  }
  FieldViolations violations;
  std::string reason;
  for (const google::protobuf::Any& detail : rich.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad_request;
    if (detail.UnpackTo(&info)) {
      reason = info.reason();
    } else if (detail.UnpackTo(&bad_request)) {
      for (const auto& v : bad_request.field_violations()) {
        violations.Add(v.field(), v.description());
      }
    }
  }
  if (!violations.empty()) {
    absl::Status with_fields = violations.ToStatus();
    // Keep the remote code and message; carry over only the payload.
    with_fields.ForEachPayload(
        [&out](absl::string_view url, const absl::Cord& payload) {
          out.SetPayload(url, payload);
        });
  }
  if (!reason.empty()) out = WithReason(std::move(out), reason);
  return out;
}

const char* GrpcCodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  const int i = static_cast<int>(code);
  return i >= 0 && i <= 16 ? kNames[i] : "UNKNOWN";
}

}  // namespace dyadscope
