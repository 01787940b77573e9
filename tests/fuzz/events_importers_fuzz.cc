// Fuzz target: the events file importers through EventsManager, the code the
// ImportEvents and ImportVotes handlers run. The first byte picks the format
// (dyadscope CSV, JSON Lines, GDELT 2.0, UNGA votes CSV) and whether the
// upload is gzip or zip compressed; the rest is the file, given in chunks of a
// size the second byte picks (rows straddle chunk boundaries). Imports are dry
// runs against an in-memory SQLite store, so every input meets the same
// (empty) store.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "common/csv/upload.h"
#include "common/storage/database_factory.h"
#include "embedded/events_lexicon_data.h"
#include "services/events/convert/event_proto_convert.h"
#include "services/events/domain/events_manager.h"
#include "services/events/domain/lexicon.h"
#include "services/events/storage/sql_event_repository.h"

namespace {

using ::dyadscope::events::EventFileFormat;
using ::dyadscope::events::EventsManager;

// Hands out `text` in chunks of `chunk_size` bytes.
class StringChunks : public dyadscope::ChunkSource {
 public:
  StringChunks(absl::string_view text, size_t chunk_size)
      : text_(text), chunk_size_(chunk_size) {}
  absl::StatusOr<bool> Next(std::string* chunk) override {
    if (text_.empty()) return false;
    const size_t n = std::min(chunk_size_, text_.size());
    chunk->assign(text_.data(), n);
    text_.remove_prefix(n);
    return true;
  }

 private:
  absl::string_view text_;
  size_t chunk_size_;
};

struct Harness {
  std::unique_ptr<dyadscope::storage::Database> db;
  std::unique_ptr<dyadscope::events::SqlEventRepository> repository;
  std::unique_ptr<dyadscope::events::Lexicon> lexicon;
  std::unique_ptr<EventsManager> manager;
};

Harness& GetHarness() {
  static Harness* harness = [] {
    auto* h = new Harness;
    auto db = dyadscope::storage::OpenDatabase(":memory:");
    if (!db.ok()) std::abort();
    h->db = *std::move(db);
    auto repository =
        dyadscope::events::SqlEventRepository::Create(h->db.get());
    if (!repository.ok()) std::abort();
    h->repository = *std::move(repository);
    auto lexicon = dyadscope::events::Lexicon::Parse(
        std::string(dyadscope::events::embedded::lexicon_json()));
    if (!lexicon.ok()) std::abort();
    h->lexicon =
        std::make_unique<dyadscope::events::Lexicon>(*std::move(lexicon));
    h->manager =
        std::make_unique<EventsManager>(h->repository.get(), h->lexicon.get(),
                                        dyadscope::events::EventsConfig());
    return h;
  }();
  return *harness;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  Harness& harness = GetHarness();
  const int kind = data[0] % 4;
  dyadscope::events::ImportOptions options;
  options.dry_run = true;
  const int packing = data[0] >> 6;
  options.compression = packing == 1   ? dyadscope::Compression::kGzip
                        : packing == 2 ? dyadscope::Compression::kZip
                                       : dyadscope::Compression::kNone;
  const size_t chunk_size = 1 + data[1] % 64;
  StringChunks chunks(
      absl::string_view(reinterpret_cast<const char*>(data + 2), size - 2),
      chunk_size);
  if (kind == 3) {
    (void)harness.manager->ImportVotes(options, chunks);
    return 0;
  }
  options.format = kind == 0   ? EventFileFormat::kDyadscopeCsv
                   : kind == 1 ? EventFileFormat::kJsonLines
                               : EventFileFormat::kGdelt2;
  (void)harness.manager->ImportEvents(options, chunks,
                                      dyadscope::events::EventFromJsonLine);
  return 0;
}
