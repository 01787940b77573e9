// File: common/util/stream_decompressor.h
// -----------------------------------------------------------------------------
// Decompresses an upload while it streams in, chunk by chunk, so that a
// gzip file or a one-file ZIP archive (as GDELT publishes its exports) never
// has to be held in memory whole.

#ifndef DYADSCOPE_COMMON_UTIL_STREAM_DECOMPRESSOR_H_
#define DYADSCOPE_COMMON_UTIL_STREAM_DECOMPRESSOR_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace dyadscope {

enum class Compression { kNone, kGzip, kZip };

// Turns compressed chunks into plain bytes. Not thread-safe.
class StreamDecompressor {
 public:
  // Returns a decompressor for `compression`.
  static std::unique_ptr<StreamDecompressor> Create(Compression compression);

  virtual ~StreamDecompressor() = default;

  // Appends the plain bytes that `chunk` yields to `output`. Returns
  // INVALID_ARGUMENT when the data is not of the format (or is a ZIP entry
  // compressed with a method other than stored or deflate).
  virtual absl::Status Feed(absl::string_view chunk, std::string* output) = 0;

  // Returns INVALID_ARGUMENT when the input ended before the compressed
  // stream did.
  virtual absl::Status Finish() = 0;
};

// The most plain bytes one upload may decompress to, a guard against
// decompression bombs (process-wide; --max_import_decompressed_bytes).
// Feed returns RESOURCE_EXHAUSTED once a decompressor's output passes it.
void SetMaxDecompressedBytes(int64_t bytes);
int64_t MaxDecompressedBytes();

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_UTIL_STREAM_DECOMPRESSOR_H_
