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

// The most plain bytes one upload may decompress to when none is set
// (--max_import_decompressed_bytes' default): 16 GiB.
inline constexpr int64_t kDefaultMaxDecompressedBytes = int64_t{16} << 30;

// Turns compressed chunks into plain bytes. Not thread-safe.
class StreamDecompressor {
 public:
  // Returns a decompressor for `compression` whose Feed returns
  // RESOURCE_EXHAUSTED once its output passes `max_plain_bytes` (a guard
  // against decompression bombs; the server's
  // CallPolicy::max_decompressed_bytes, --max_import_decompressed_bytes).
  static std::unique_ptr<StreamDecompressor> Create(
      Compression compression,
      int64_t max_plain_bytes = kDefaultMaxDecompressedBytes);

  virtual ~StreamDecompressor() = default;

  // Appends the plain bytes that `chunk` yields to `output`. Returns
  // INVALID_ARGUMENT when the data is not of the format (or is a ZIP entry
  // compressed with a method other than stored or deflate).
  virtual absl::Status Feed(absl::string_view chunk, std::string* output) = 0;

  // Returns INVALID_ARGUMENT when the input ended before the compressed
  // stream did.
  virtual absl::Status Finish() = 0;
};

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_UTIL_STREAM_DECOMPRESSOR_H_
