#include "common/testing/rpc_status.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace dyadscope::testing {

std::vector<std::string> BadFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  google::rpc::Status rich;
  if (!rich.ParseFromString(status.error_details())) return fields;
  for (const auto& detail : rich.details()) {
    google::rpc::BadRequest bad;
    if (detail.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) fields.push_back(v.field());
    }
  }
  return fields;
}

std::string ErrorReason(const grpc::Status& status) {
  google::rpc::Status rich;
  if (!rich.ParseFromString(status.error_details())) return "";
  for (const auto& detail : rich.details()) {
    google::rpc::ErrorInfo info;
    if (detail.UnpackTo(&info)) return info.reason();
  }
  return "";
}

}  // namespace dyadscope::testing
