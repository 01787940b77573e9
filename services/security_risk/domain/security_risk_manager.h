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
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/csv/upload.h"
#include "common/status/error_details.h"
#include "common/types/types.h"
#include "services/security_risk/domain/incident.h"
#include "services/security_risk/domain/incident_importers.h"
#include "services/security_risk/domain/risk.h"
#include "services/security_risk/storage/incident_repository.h"

namespace dyadscope::security_risk {

struct SecurityRiskConfig {
  int max_batch = 1000;
  int default_page_size = 100;
  int max_page_size = 1000;
  int import_batch_rows = 2000;
  std::function<absl::Time()> clock = [] { return absl::Now(); };
};

struct CreateResult {
  std::vector<IncidentUpsert> results;
  std::string data_version;
};

struct ImportOptions {
  IncidentFileFormat format = IncidentFileFormat::kUnspecified;
  std::string country_code;          // keep incidents in this country
  std::string partner_country_code;  // keep incidents touching this partner
  bool dry_run = false;
  bool atomic = false;
  std::string request_id;
  std::string source_label;
  Compression compression = Compression::kNone;
  std::string file_name;
  int max_rejections = 100;
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
  int64_t deleted = 0;
  int64_t filtered_out = 0;
  int64_t rejected = 0;
  int64_t bytes_read = 0;
  std::vector<LineRejection> rejections;
  bool committed = false;
  bool resumed = false;
  std::string data_version;
};

// Which incidents a risk question is about.
struct RiskScope {
  std::string country_code;          // required
  std::string partner_country_code;  // empty: every incident in the country
  ReadOptions read;
};

struct AssessResult {
  RiskAssessment assessment;
  std::vector<std::pair<SourceRef, int64_t>> sources;
  std::string data_version;
};

struct BacktestResult {
  Backtest backtest;
  std::string data_version;
};

// Thread-safe.
class SecurityRiskManager {
 public:
  // `repository` must outlive the manager.
  SecurityRiskManager(IncidentRepository* repository,
                      SecurityRiskConfig config);

  // Checks an incident and records each problem under `field`.
  void PrepareIncident(Incident& incident, absl::string_view field,
                       FieldViolations& violations) const;

  absl::StatusOr<CreateResult> CreateIncidents(
      std::vector<Incident> incidents, const std::string& request_id,
      const std::string& fingerprint, bool validate_only,
      const FieldViolations& conversion = FieldViolations());

  absl::StatusOr<std::pair<std::vector<Incident>, std::string>> ListIncidents(
      const IncidentQuery& query, ReadOptions options, int page_size,
      const std::string& page_token);

  absl::StatusOr<ImportResult> ImportIncidents(const ImportOptions& options,
                                               ChunkSource& source);

  absl::StatusOr<AssessResult> AssessRisk(const RiskScope& scope,
                                          const RiskRequest& request);

  absl::StatusOr<BacktestResult> BacktestRisk(const RiskScope& scope,
                                              const BacktestRequest& request);

  // Loads `path` (the curated incidents CSV) into an empty store; returns
  // the number created (0 when the store held data).
  absl::StatusOr<int64_t> SeedIfEmpty(const std::string& path);

  absl::StatusOr<std::string> DataVersion() {
    return repository_->DataVersion();
  }

 private:
  absl::StatusOr<std::vector<Incident>> LoadScope(const RiskScope& scope);

  IncidentRepository* repository_;
  SecurityRiskConfig config_;
};

// Returns a stable text form of `query` for page-token fingerprints.
std::string QueryFingerprint(const IncidentQuery& query,
                             const ReadOptions& read);

}  // namespace dyadscope::security_risk

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_SECURITY_RISK_MANAGER_H_
