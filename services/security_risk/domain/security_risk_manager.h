// File: services/security_risk/domain/security_risk_manager.h
// -----------------------------------------------------------------------------
// SecurityRiskManager: the security risk service's use cases, transport-
// free: validating and storing incidents with the contract's idempotency
// rules, streaming imports (ACLED with edits and deletions, GTD, the
// dyadscope CSV), and risk assessment and backtesting over the stored
// incidents as of a recorded time.

#ifndef DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_SECURITY_RISK_MANAGER_H_
#define DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_SECURITY_RISK_MANAGER_H_

#include <cstdint>
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
#include "services/security_risk/domain/incident.h"
#include "services/security_risk/domain/incident_importers.h"
#include "services/security_risk/domain/incident_store.h"
#include "services/security_risk/domain/risk.h"

namespace dyadscope::security_risk {

// The shared limits and clock (records::RecordConfig).
struct SecurityRiskConfig : records::RecordConfig {};

// What CreateIncidents stored and the data version of its transaction.
using CreateResult = records::BatchResult<IncidentUpsert>;

// How to import one incidents file (the shared options: see
// records::UploadOptions).
struct ImportOptions : records::UploadOptions {
  IncidentFileFormat format = IncidentFileFormat::kUnspecified;
  // Which rows to keep and the defaults of the file (see
  // IncidentParserOptions); its file_name and source_label are the upload's.
  IncidentParserOptions parser;
};

using LineRejection = records::LineRejection;

// What ImportIncidents did (deleted: tombstones written for ACLED
// deletions) and the data version of its last transaction.
using ImportResult = records::ImportCounts;

// Which incidents a risk question is about.
struct RiskScope {
  std::string country_code;          // required
  std::string partner_country_code;  // empty: every incident in the country
  ReadOptions read;
};

struct AssessResult : records::SourcedAnswer {
  RiskAssessment assessment;
};

struct BacktestResult {
  Backtest backtest;
  std::string data_version;
};

// Thread-safe. Create and List of incidents are records::RecordService's.
class SecurityRiskManager
    : public records::RecordService<IncidentRepository, SecurityRiskConfig> {
 public:
  // `repository` must outlive the manager.
  SecurityRiskManager(IncidentRepository* repository,
                      SecurityRiskConfig config);

  // Imports one file (see common/records/record_import.h): rows validated
  // like Create, written in batches (or in one transaction when
  // atomic or a dry run), ACLED deletions written as tombstones.
  // INVALID_ARGUMENT for a missing format or an unreadable file.
  absl::StatusOr<ImportResult> ImportIncidents(const ImportOptions& options,
                                               ChunkSource& source);

  absl::StatusOr<AssessResult> AssessRisk(const RiskScope& scope,
                                          const RiskRequest& request);

  absl::StatusOr<BacktestResult> BacktestRisk(const RiskScope& scope,
                                              const BacktestRequest& request);

  // Loads `path` (the curated incidents CSV) into an empty store; returns
  // the number created (0 when the store held data).
  absl::StatusOr<int64_t> SeedIfEmpty(const std::string& path);

 private:
  // Returns the incidents of `scope` and the data version of their read.
  absl::StatusOr<records::Versioned<std::vector<Incident>>> LoadScope(
      const RiskScope& scope);
};

}  // namespace dyadscope::security_risk

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_SECURITY_RISK_MANAGER_H_
