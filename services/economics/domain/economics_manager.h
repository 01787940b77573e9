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
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/csv/upload.h"
#include "common/records/record_import.h"
#include "common/records/record_ports.h"
#include "common/records/record_service.h"
#include "common/records/record_use_cases.h"
#include "common/status/error_details.h"
#include "common/types/types.h"
#include "common/util/stream_decompressor.h"
#include "common/util/versioned_cache.h"
#include "services/economics/domain/importers.h"
#include "services/economics/domain/indicator_summary.h"
#include "services/economics/domain/indicators.h"
#include "services/economics/domain/observation.h"
#include "services/economics/domain/observation_store.h"

namespace dyadscope::economics {

// The shared limits and clock (records::RecordConfig) and the default
// summary periods.
struct EconomicsConfig : records::RecordConfig {
  std::vector<Period> default_periods = DefaultPeriods();
};

// What CreateObservations stored and the data version of its transaction.
using CreateResult = records::BatchResult<ObservationUpsert>;

using ::dyadscope::ChunkSource;

// How to import one observations file (the shared options: see
// records::UploadOptions).
struct ImportOptions : records::UploadOptions {
  ObservationFileFormat format = ObservationFileFormat::kUnspecified;
  // Which rows to keep and the defaults of the file (see ParserOptions);
  // its file_name and source_label are the upload's.
  ParserOptions parser;
};

using LineRejection = records::LineRejection;

// What ImportObservations did (see records::ImportCounts; observations are
// never deleted) and the data version of its last transaction.
struct ImportResult : records::ImportCounts {
  int64_t empty_cells = 0;  // cells of wide files without a value
};

// Indicators with the sources behind them.
struct ComputeResult : records::SourcedAnswer {
  std::vector<IndicatorSeries> series;
};

struct SummarizeRequest {
  IndicatorRequest indicators;  // start/end years are derived from periods
  std::vector<Period> periods;
  int bootstrap_draws = 0;  // 0: default
  std::optional<uint64_t> seed;
  std::optional<double> confidence_level;
  ReadOptions read;
};

struct SummarizeResult : records::SourcedAnswer {
  std::vector<IndicatorSummary> summaries;
  std::vector<Period> periods;
};

// Thread-safe. Create and List of observations are records::RecordService's.
class EconomicsManager
    : public records::RecordService<ObservationRepository, EconomicsConfig> {
 public:
  // `repository` must outlive the manager.
  EconomicsManager(ObservationRepository* repository, EconomicsConfig config);

  // Imports one file (see common/records/record_import.h): rows validated
  // like Create, written in batches (or in one transaction when
  // atomic or a dry run). INVALID_ARGUMENT for a missing format or an
  // unreadable file.
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

 private:
  // The observations of A and B (every partner) in [first, last], and the
  // data version they were read at. Current reads (no read.as_of) come from
  // a cache while the data version stays the same.
  struct Loaded {
    std::shared_ptr<const std::vector<Observation>> observations;
    std::string data_version;
  };
  absl::StatusOr<Loaded> LoadDyad(const std::string& a, const std::string& b,
                                  int first, int last, const ReadOptions& read);

  VersionedCache<std::vector<Observation>> loaded_{16};
};

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_ECONOMICS_MANAGER_H_
