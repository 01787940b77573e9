#include "common/csv/upload.h"

#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/status/error_details.h"
#include "common/status/status_macros.h"

namespace dyadscope {

absl::StatusOr<std::unique_ptr<FileChunkSource>> FileChunkSource::Open(
    const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return absl::NotFoundError(absl::StrCat("cannot open ", path));
  }
  return std::unique_ptr<FileChunkSource>(new FileChunkSource(file));
}

FileChunkSource::~FileChunkSource() { std::fclose(file_); }

absl::StatusOr<bool> FileChunkSource::Next(std::string* chunk) {
  chunk->resize(1 << 20);
  std::size_t n = std::fread(chunk->data(), 1, chunk->size(), file_);
  chunk->resize(n);
  if (n == 0) {
    if (std::ferror(file_)) return absl::DataLossError("file read failed");
    return false;
  }
  return true;
}

absl::Status ReadDelimitedUpload(ChunkSource& source, Compression compression,
                                 const csv::CsvOptions& options,
                                 int64_t& bytes_read,
                                 csv::CsvCallback on_record) {
  auto decompressor =
      StreamDecompressor::Create(compression, source.max_decompressed_bytes());
  csv::CsvReader reader(options);
  std::string chunk;
  std::string plain;
  while (true) {
    DYADSCOPE_ASSIGN_OR_RETURN(bool more, source.Next(&chunk));
    if (!more) break;
    bytes_read += static_cast<int64_t>(chunk.size());
    plain.clear();
    absl::Status status = decompressor->Feed(chunk, &plain);
    if (!status.ok()) return InvalidField("chunk", status.message());
    DYADSCOPE_RETURN_IF_ERROR(reader.Feed(plain, on_record));
  }
  absl::Status status = decompressor->Finish();
  if (!status.ok()) return InvalidField("chunk", status.message());
  return reader.Finish(on_record);
}

}  // namespace dyadscope
