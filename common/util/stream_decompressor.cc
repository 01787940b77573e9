#include "common/util/stream_decompressor.h"

#include <zlib.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace dyadscope {
namespace {

class PassThrough : public StreamDecompressor {
 public:
  absl::Status Feed(absl::string_view chunk, std::string* output) override {
    output->append(chunk.data(), chunk.size());
    return absl::OkStatus();
  }
  absl::Status Finish() override { return absl::OkStatus(); }
};

// Inflates a gzip (window_bits 16 + 15, members may be concatenated) or raw
// deflate (window_bits −15) stream.
class Inflater {
 public:
  explicit Inflater(int window_bits) : window_bits_(window_bits) {
    stream_.zalloc = Z_NULL;
    stream_.zfree = Z_NULL;
    stream_.opaque = Z_NULL;
    ok_ = inflateInit2(&stream_, window_bits) == Z_OK;
  }
  ~Inflater() { inflateEnd(&stream_); }

  bool done() const { return done_; }

  // Inflates `input`; returns how many input bytes were used (the rest
  // follows the end of a raw deflate stream).
  absl::StatusOr<std::size_t> Feed(absl::string_view input,
                                   std::string* output) {
    if (!ok_) return absl::InternalError("cannot initialise zlib");
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream_.avail_in = static_cast<uInt>(input.size());
    char buffer[64 * 1024];
    while (stream_.avail_in > 0 && !done_) {
      stream_.next_out = reinterpret_cast<Bytef*>(buffer);
      stream_.avail_out = sizeof(buffer);
      int rc = inflate(&stream_, Z_NO_FLUSH);
      output->append(buffer, sizeof(buffer) - stream_.avail_out);
      if (rc == Z_STREAM_END) {
        if (window_bits_ > 0 && stream_.avail_in > 0) {
          inflateReset(&stream_);  // another gzip member follows
          continue;
        }
        done_ = true;
      } else if (rc == Z_BUF_ERROR) {
        continue;
      } else if (rc != Z_OK) {
        return absl::InvalidArgumentError(absl::StrCat(
            "compressed data is corrupt (",
            stream_.msg != nullptr ? stream_.msg : "zlib error", ")"));
      }
    }
    // Drain any output still pending for the input consumed.
    while (!done_) {
      stream_.next_out = reinterpret_cast<Bytef*>(buffer);
      stream_.avail_out = sizeof(buffer);
      int rc = inflate(&stream_, Z_NO_FLUSH);
      std::size_t produced = sizeof(buffer) - stream_.avail_out;
      output->append(buffer, produced);
      if (rc == Z_STREAM_END) {
        done_ = true;
      } else if (rc != Z_OK || produced == 0) {
        break;
      }
    }
    return input.size() - stream_.avail_in;
  }

 private:
  z_stream stream_{};
  int window_bits_;
  bool ok_ = false;
  bool done_ = false;
};

class GzipDecompressor : public StreamDecompressor {
 public:
  absl::Status Feed(absl::string_view chunk, std::string* output) override {
    if (chunk.empty()) return absl::OkStatus();
    seen_input_ = true;
    return inflater_.Feed(chunk, output).status();
  }
  absl::Status Finish() override {
    if (seen_input_ && !inflater_.done()) {
      return absl::InvalidArgumentError("the gzip data ends early");
    }
    return absl::OkStatus();
  }

 private:
  Inflater inflater_{16 + MAX_WBITS};
  bool seen_input_ = false;
};

uint32_t Le16(const std::string& b, std::size_t at) {
  return static_cast<unsigned char>(b[at]) |
         (static_cast<unsigned char>(b[at + 1]) << 8);
}
uint32_t Le32(const std::string& b, std::size_t at) {
  return Le16(b, at) | (Le16(b, at + 2) << 16);
}

// The first entry of a ZIP archive: its local header, then its data
// (stored, or raw deflate); the central directory after it is ignored.
class ZipDecompressor : public StreamDecompressor {
 public:
  absl::Status Feed(absl::string_view chunk, std::string* output) override {
    if (state_ == State::kHeader) {
      header_.append(chunk.data(), chunk.size());
      if (header_.size() < 30) return absl::OkStatus();
      if (Le32(header_, 0) != 0x04034b50) {
        return absl::InvalidArgumentError("the data is not a ZIP archive");
      }
      const uint32_t flags = Le16(header_, 6);
      method_ = Le16(header_, 8);
      remaining_stored_ = Le32(header_, 18);
      const std::size_t data_start = 30 + Le16(header_, 26) + Le16(header_, 28);
      if (header_.size() < data_start) return absl::OkStatus();
      if (method_ != 0 && method_ != 8) {
        return absl::InvalidArgumentError(
            absl::StrCat("the ZIP entry uses compression method ", method_,
                         "; only stored (0) and deflate (8) are supported"));
      }
      if (method_ == 0 && (flags & 0x8) != 0) {
        return absl::InvalidArgumentError(
            "a stored ZIP entry without its size in the header is not "
            "supported");
      }
      state_ = State::kData;
      std::string rest = header_.substr(data_start);
      header_.clear();
      return Feed(rest, output);
    }
    if (state_ == State::kDone || chunk.empty()) return absl::OkStatus();
    if (method_ == 0) {
      std::size_t take = std::min<std::size_t>(chunk.size(), remaining_stored_);
      output->append(chunk.data(), take);
      remaining_stored_ -= take;
      if (remaining_stored_ == 0) state_ = State::kDone;
      return absl::OkStatus();
    }
    absl::StatusOr<std::size_t> used = inflater_.Feed(chunk, output);
    if (!used.ok()) return used.status();
    if (inflater_.done()) state_ = State::kDone;
    return absl::OkStatus();
  }

  absl::Status Finish() override {
    if (state_ == State::kHeader && header_.empty()) return absl::OkStatus();
    if (state_ != State::kDone) {
      return absl::InvalidArgumentError("the ZIP data ends early");
    }
    return absl::OkStatus();
  }

 private:
  enum class State { kHeader, kData, kDone };
  State state_ = State::kHeader;
  std::string header_;
  uint32_t method_ = 0;
  uint64_t remaining_stored_ = 0;
  Inflater inflater_{-MAX_WBITS};
};

// Counts what another decompressor produces and stops at a limit.
class Limited : public StreamDecompressor {
 public:
  Limited(std::unique_ptr<StreamDecompressor> inner, int64_t limit)
      : inner_(std::move(inner)), limit_(limit) {}

  absl::Status Feed(absl::string_view chunk, std::string* output) override {
    const std::size_t before = output->size();
    absl::Status status = inner_->Feed(chunk, output);
    produced_ += static_cast<int64_t>(output->size() - before);
    if (status.ok() && produced_ > limit_) {
      return absl::ResourceExhaustedError(
          absl::StrCat("the upload decompresses to more than ", limit_,
                       " bytes (--max_import_decompressed_bytes)"));
    }
    return status;
  }
  absl::Status Finish() override { return inner_->Finish(); }

 private:
  std::unique_ptr<StreamDecompressor> inner_;
  const int64_t limit_;
  int64_t produced_ = 0;
};

}  // namespace

std::unique_ptr<StreamDecompressor> StreamDecompressor::Create(
    Compression compression, int64_t max_plain_bytes) {
  std::unique_ptr<StreamDecompressor> inner;
  switch (compression) {
    case Compression::kGzip:
      inner = std::make_unique<GzipDecompressor>();
      break;
    case Compression::kZip:
      inner = std::make_unique<ZipDecompressor>();
      break;
    case Compression::kNone:
      inner = std::make_unique<PassThrough>();
      break;
  }
  if (inner == nullptr) inner = std::make_unique<PassThrough>();
  return std::make_unique<Limited>(std::move(inner), max_plain_bytes);
}

}  // namespace dyadscope
