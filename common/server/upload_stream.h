// File: common/server/upload_stream.h
// -----------------------------------------------------------------------------
// A ChunkSource over a client-streaming upload RPC whose request is a oneof
// of `options` (first message only) and `bytes chunk` — the shape of every
// dyadscope Import method.

#ifndef DYADSCOPE_COMMON_SERVER_UPLOAD_STREAM_H_
#define DYADSCOPE_COMMON_SERVER_UPLOAD_STREAM_H_

#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/csv/upload.h"
#include "common/status/error_details.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/sync_stream.h"

namespace dyadscope {

// Reads the chunks that follow the options message. Options sent again are
// INVALID_ARGUMENT naming `options`; a cancelled client is CANCELLED; more
// than `max_bytes` in all (the server's CallPolicy::max_upload_bytes,
// --max_import_bytes) is RESOURCE_EXHAUSTED (reason UPLOAD_TOO_LARGE). The
// upload may decompress to `max_decompressed_bytes` (the server's
// CallPolicy::max_decompressed_bytes).
template <typename Request>
class UploadStream : public ChunkSource {
 public:
  UploadStream(grpc::ServerContext* context,
               grpc::ServerReader<Request>* reader, int64_t max_bytes,
               int64_t max_decompressed_bytes = kDefaultMaxDecompressedBytes)
      : context_(context),
        reader_(reader),
        max_bytes_(max_bytes),
        max_decompressed_bytes_(max_decompressed_bytes) {}

  int64_t max_decompressed_bytes() const override {
    return max_decompressed_bytes_;
  }

  absl::StatusOr<bool> Next(std::string* chunk) override {
    Request message;
    while (reader_->Read(&message)) {
      if (message.has_options()) {
        return InvalidField("options", "may only be sent in the first message");
      }
      if (message.chunk().empty()) continue;
      received_ += static_cast<int64_t>(message.chunk().size());
      if (received_ > max_bytes_) {
        return WithReason(
            absl::ResourceExhaustedError(absl::StrCat(
                "the upload is larger than ", max_bytes_,
                " bytes (--max_import_bytes); rows before this point in "
                "committed batches are kept")),
            "UPLOAD_TOO_LARGE");
      }
      *chunk = std::move(*message.mutable_chunk());
      return true;
    }
    if (context_->IsCancelled()) {
      return absl::CancelledError("the client cancelled the upload");
    }
    return false;
  }

 private:
  grpc::ServerContext* context_;
  grpc::ServerReader<Request>* reader_;
  const int64_t max_bytes_;
  const int64_t max_decompressed_bytes_;
  int64_t received_ = 0;
};

// Returns the number of rejections to list: 100 for 0, at most 1,000;
// records a violation at `field` when negative.
inline int MaxRejections(int requested, absl::string_view field,
                         FieldViolations& violations) {
  if (requested < 0) {
    violations.Add(field, "must not be negative");
    return 0;
  }
  if (requested == 0) return 100;
  return requested < 1000 ? requested : 1000;
}

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_SERVER_UPLOAD_STREAM_H_
