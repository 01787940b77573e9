// File: services/economics/domain/economics_manager.h
// -----------------------------------------------------------------------------
// EconomicsManager: the economics service's use cases, transport-free. It
// validates observations and writes them through an ObservationRepository
// with the contract's idempotency rules, streams file imports (IMF DOTS,
// WDI, UN Comtrade, SIPRI, tidy CSV) with line-numbered rejections, and
// computes and summarises the asymmetric-interdependence indicators.

#ifndef DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_ECONOMICS_MANAGER_H_
#define DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_ECONOMICS_MANAGER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/csv/upload.h"
#include "common/status/error_details.h"
#include "common/types/types.h"
#include "common/util/stream_decompressor.h"
#include "common/util/versioned_cache.h"
#include "services/economics/domain/importers.h"
#include "services/economics/domain/indicator_summary.h"
#include "services/economics/domain/indicators.h"
#include "services/economics/domain/observation.h"
#include "services/economics/storage/observation_repository.h"

namespace dyadscope::economics {

struct EconomicsConfig {
  std::vector<Period> default_periods = DefaultPeriods();
  int max_batch = 1000;
  int default_page_size = 100;
  int max_page_size = 1000;
  int import_batch_rows = 2000;
  std::function<absl::Time()> clock = [] { return absl::Now(); };
};

struct CreateResult {
  std::vector<ObservationUpsert> results;
  std::string data_version;
};

using ::dyadscope::ChunkSource;

struct ImportOptions {
  ObservationFileFormat format = ObservationFileFormat::kUnspecified;
  std::vector<std::string> countries;  // keep rows of these countries
  bool dry_run = false;
  bool atomic = false;
  std::string request_id;
  std::string source_label;
  Compression compression = Compression::kNone;
  std::string file_name;
  int max_rejections = 100;
  std::string default_reporter;  // for files that do not name the reporter
  std::optional<SourceRef> default_source;
};

struct LineRejection {
  int64_t line = 0;
  RowRejection rejection;
};

struct ImportResult {
  int64_t rows_read = 0;
  int64_t created = 0;
  int64_t new_versions = 0;
  int64_t duplicates = 0;
  int64_t filtered_out = 0;
  int64_t rejected = 0;
  int64_t empty_cells = 0;
  int64_t bytes_read = 0;
  std::vector<LineRejection> rejections;
  bool committed = false;
  bool resumed = false;
  std::string data_version;
};

// Indicators with the sources behind them.
struct ComputeResult {
  std::vector<IndicatorSeries> series;
  std::vector<std::pair<SourceRef, int64_t>> sources;
  std::string data_version;
};

struct SummarizeRequest {
  IndicatorRequest indicators;  // start/end years are derived from periods
  std::vector<Period> periods;
  int bootstrap_draws = 0;  // 0: default
  std::optional<uint64_t> seed;
  std::optional<double> confidence_level;
  ReadOptions read;
};

struct SummarizeResult {
  std::vector<IndicatorSummary> summaries;
  std::vector<Period> periods;
  std::vector<std::pair<SourceRef, int64_t>> sources;
  std::string data_version;
};

// Thread-safe.
class EconomicsManager {
 public:
  // `repository` must outlive the manager.
  EconomicsManager(ObservationRepository* repository, EconomicsConfig config);

  // Checks an observation and records each problem under `field`.
  void PrepareObservation(Observation& observation, absl::string_view field,
                          FieldViolations& violations) const;

  absl::StatusOr<CreateResult> CreateObservations(
      std::vector<Observation> observations, const std::string& request_id,
      const std::string& fingerprint, bool validate_only,
      const FieldViolations& conversion = FieldViolations());

  // Returns a page and the next page token ("" at the end).
  absl::StatusOr<std::pair<std::vector<Observation>, std::string>>
  ListObservations(const ObservationQuery& query, ReadOptions options,
                   int page_size, const std::string& page_token);

  absl::StatusOr<ImportResult> ImportObservations(const ImportOptions& options,
                                                  ChunkSource& source);

  absl::StatusOr<ComputeResult> ComputeIndicators(
      const IndicatorRequest& request, const ReadOptions& read);

  absl::StatusOr<SummarizeResult> SummarizeIndicators(
      const SummarizeRequest& request);

  // Loads the tidy CSV files of `dir` (data/pak-chn/economics) into an
  // empty store. Returns the number of observations created (0 when the
  // store already held data). A rejected row fails the seed.
  absl::StatusOr<int64_t> SeedIfEmpty(const std::string& dir);

  absl::StatusOr<std::string> DataVersion() {
    return repository_->DataVersion();
  }

 private:
  int PresentYear() const;
  // The observations of A and B (every partner) in [first, last], and the
  // data version they were read at. Current reads (no read.as_of) come from
  // a cache while the data version stays the same.
  struct Loaded {
    std::shared_ptr<const std::vector<Observation>> observations;
    std::string data_version;
  };
  absl::StatusOr<Loaded> LoadDyad(const std::string& a, const std::string& b,
                                  int first, int last, const ReadOptions& read);

  ObservationRepository* repository_;
  EconomicsConfig config_;
  VersionedCache<std::vector<Observation>> loaded_{16};
};

// Returns a stable text form of `query` for page-token fingerprints.
std::string QueryFingerprint(const ObservationQuery& query,
                             const ReadOptions& read);

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_ECONOMICS_MANAGER_H_
