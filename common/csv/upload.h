// File: common/csv/upload.h
// -----------------------------------------------------------------------------
// Reading an uploaded file as it streams in: the bytes arrive in chunks
// (a gRPC client stream, a file), are decompressed on the fly and cut into
// delimited records with their line numbers, so no import ever holds a
// whole file in memory.

#ifndef DYADSCOPE_COMMON_CSV_UPLOAD_H_
#define DYADSCOPE_COMMON_CSV_UPLOAD_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/csv/csv_reader.h"
#include "common/util/stream_decompressor.h"

namespace dyadscope {

// The bytes of an upload, in order.
class ChunkSource {
 public:
  virtual ~ChunkSource() = default;

  // Sets `chunk` to the next bytes and returns true, or returns false at the
  // end; CANCELLED when the sender went away.
  virtual absl::StatusOr<bool> Next(std::string* chunk) = 0;

  // The most plain bytes this upload may decompress to (see
  // StreamDecompressor::Create).
  virtual int64_t max_decompressed_bytes() const {
    return kDefaultMaxDecompressedBytes;
  }
};

// A file read in 1 MiB chunks.
class FileChunkSource : public ChunkSource {
 public:
  // Returns NOT_FOUND when `path` cannot be opened.
  static absl::StatusOr<std::unique_ptr<FileChunkSource>> Open(
      const std::string& path);
  ~FileChunkSource() override;
  absl::StatusOr<bool> Next(std::string* chunk) override;

 private:
  explicit FileChunkSource(std::FILE* file) : file_(file) {}
  std::FILE* file_;
};

// Reads all of `source` through decompression and a delimited-text reader,
// calling `on_record` for each record (blank lines and bad records
// included, see CsvRecord). Adds the compressed bytes read to `bytes_read`.
// Corrupt compressed data is INVALID_ARGUMENT naming the field `chunk`.
absl::Status ReadDelimitedUpload(ChunkSource& source, Compression compression,
                                 const csv::CsvOptions& options,
                                 int64_t& bytes_read,
                                 csv::CsvCallback on_record);

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_CSV_UPLOAD_H_
