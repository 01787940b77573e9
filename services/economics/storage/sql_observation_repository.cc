#include "services/economics/storage/sql_observation_repository.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/proto/deterministic.h"
#include "common/status/error_details.h"
#include "common/status/status_macros.h"
#include "embedded/economics_migrations.h"
#include "services/economics/convert/observation_proto_convert.h"

namespace dyadscope::economics {
namespace {

using storage::Blob;
using storage::Clause;
using storage::Row;
using storage::SqlSession;
using storage::SqlValue;

constexpr absl::string_view kDryRunMarker = "dyadscope: dry run rollback";

std::string Body(const Observation& observation) {
  Observation copy = observation;
  copy.id = 0;
  copy.version = VersionInfo();
  v1::Observation proto;
  ObservationToProto(copy, &proto);
  return SerializeDeterministic(proto);
}

std::string ContentOf(const std::string& body) {
  v1::Observation proto;
  proto.ParseFromString(body);
  proto.mutable_provenance()->clear_source_file();
  proto.mutable_provenance()->clear_source_line();
  proto.mutable_provenance()->clear_source_label();
  return SerializeDeterministic(proto);
}

constexpr absl::string_view kColumns =
    "v.observation_id, v.version, v.record_time_us, v.deleted, v.request_id, "
    "o.create_time_us, v.body";

Observation FromRow(const Row& row) {
  v1::Observation proto;
  proto.ParseFromString(row.Text(6));
  FieldViolations ignored;  // validated when written
  Observation o = ObservationFromProto(proto, "", ignored);
  o.id = row.Int(0);
  o.version.version = row.Int(1);
  o.version.record_time = absl::FromUnixMicros(row.Int(2));
  o.version.deleted = row.Int(3) != 0;
  o.version.request_id = row.Text(4);
  o.version.create_time = absl::FromUnixMicros(row.Int(5));
  return o;
}

void AddQuery(const ObservationQuery& q, const ReadOptions& options,
              Clause& clause) {
  storage::AddVersionFilter(options, "v", clause);
  auto texts = [](const std::vector<std::string>& values) {
    return std::vector<SqlValue>(values.begin(), values.end());
  };
  clause.AndIn("v.indicator_code", texts(q.indicator_codes));
  clause.AndIn("v.reporter_code", texts(q.reporter_codes));
  clause.AndIn("v.partner_code", texts(q.partner_codes));
  clause.AndIn("v.source_system", texts(q.source_systems));
  std::vector<SqlValue> values;
  for (Flow f : q.flows) values.push_back(int64_t{static_cast<int>(f)});
  clause.AndIn("v.flow", values);
  values.clear();
  for (ReportingSide s : q.reporting_sides) {
    values.push_back(int64_t{static_cast<int>(s)});
  }
  clause.AndIn("v.reporting_side", values);
  values.clear();
  for (YearBasis b : q.year_bases) {
    values.push_back(int64_t{static_cast<int>(b)});
  }
  clause.AndIn("v.year_basis", values);
  if (q.start_year.has_value()) {
    clause.And("v.year >= ?");
    clause.params.push_back(int64_t{*q.start_year});
  }
  if (q.end_year.has_value()) {
    clause.And("v.year <= ?");
    clause.params.push_back(int64_t{*q.end_year});
  }
}

class SqlObservationWriter : public ObservationWriter {
 public:
  SqlObservationWriter(SqlSession& session, SqlObservationRepository& repo)
      : session_(session), repo_(repo) {}

  absl::StatusOr<ObservationUpsert> Upsert(
      const Observation& input, absl::string_view request_id) override {
    Observation o = input;
    const std::string body = Body(o);
    const absl::Time now = repo_.NextRecordTime();
    const int64_t now_us = absl::ToUnixMicros(now);
    const std::string& system = o.provenance.source_system;
    DYADSCOPE_ASSIGN_OR_RETURN(
        std::vector<Row> found,
        session_.Query("SELECT id, create_time_us FROM observations WHERE "
                       "indicator_code = ? AND reporter_code = ? AND "
                       "partner_code = ? AND year = ? AND period_label = ? "
                       "AND source_system = ?",
                       {o.indicator_code, o.reporter_code, o.partner_code,
                        int64_t{o.year}, o.period_label, system}));
    int64_t id = 0;
    int64_t create_us = now_us;
    int64_t version = 1;
    WriteOutcome outcome = WriteOutcome::kCreated;
    if (!found.empty()) {
      id = found[0].Int(0);
      create_us = found[0].Int(1);
      DYADSCOPE_ASSIGN_OR_RETURN(
          std::vector<Row> current,
          session_.Query(
              absl::StrCat("SELECT ", kColumns,
                           " FROM observation_versions v JOIN observations o "
                           "ON o.id = v.observation_id WHERE "
                           "v.observation_id = ? AND v.superseded_time_us IS "
                           "NULL"),
              {id}));
      if (!current.empty()) {
        if (ContentOf(current[0].Text(6)) == ContentOf(body)) {
          return ObservationUpsert{FromRow(current[0]),
                                   WriteOutcome::kUnchanged};
        }
        version = current[0].Int(1) + 1;
        outcome = WriteOutcome::kNewVersion;
        DYADSCOPE_RETURN_IF_ERROR(
            session_
                .Execute("UPDATE observation_versions SET "
                         "superseded_time_us = ? WHERE observation_id = ? "
                         "AND superseded_time_us IS NULL",
                         {now_us, id})
                .status());
      }
    } else {
      DYADSCOPE_ASSIGN_OR_RETURN(
          std::vector<Row> inserted,
          session_.Query(
              "INSERT INTO observations (indicator_code, reporter_code, "
              "partner_code, year, period_label, source_system, "
              "create_time_us) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
              {o.indicator_code, o.reporter_code, o.partner_code,
               int64_t{o.year}, o.period_label, system, now_us}));
      id = inserted[0].Int(0);
    }
    DYADSCOPE_RETURN_IF_ERROR(
        session_
            .Execute(
                "INSERT INTO observation_versions (observation_id, version, "
                "record_time_us, superseded_time_us, deleted, request_id, "
                "indicator_code, reporter_code, partner_code, flow, year, "
                "year_basis, reporting_side, source_system, body) VALUES (?, "
                "?, ?, NULL, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {id, version, now_us, std::string(request_id), o.indicator_code,
                 o.reporter_code, o.partner_code,
                 int64_t{static_cast<int>(o.flow)}, int64_t{o.year},
                 int64_t{static_cast<int>(o.year_basis)},
                 int64_t{static_cast<int>(o.reporting_side)}, system,
                 Blob{body}})
            .status());
    DYADSCOPE_RETURN_IF_ERROR(
        session_
            .Execute("INSERT INTO changes (record_time_us, observation_id, "
                     "version, change) VALUES (?, ?, ?, ?)",
                     {now_us, id, version, int64_t{static_cast<int>(outcome)}})
            .status());
    o.id = id;
    o.version = VersionInfo{version, now, absl::FromUnixMicros(create_us),
                            false, std::string(request_id)};
    return ObservationUpsert{std::move(o), outcome};
  }

  absl::StatusOr<std::optional<std::string>> FindRequest(
      absl::string_view request_id, absl::string_view method,
      absl::string_view fingerprint) override {
    return storage::FindRequestAnswer(session_, request_id, method,
                                      fingerprint);
  }

  absl::Status RecordRequest(absl::string_view request_id,
                             absl::string_view method,
                             absl::string_view fingerprint,
                             absl::string_view answer) override {
    return storage::RecordRequestAnswer(session_, request_id, method,
                                        fingerprint, answer);
  }

 private:
  SqlSession& session_;
  SqlObservationRepository& repo_;
};

}  // namespace

std::vector<storage::Migration> EconomicsMigrations(storage::Engine engine) {
  const bool postgres = engine == storage::Engine::kPostgres;
  return {
      {1, "0001_create_observations",
       std::string(
           postgres ? embedded::economics_postgres_0001_create_observations()
                    : embedded::economics_sqlite_0001_create_observations())}};
}

absl::StatusOr<std::unique_ptr<SqlObservationRepository>>
SqlObservationRepository::Create(storage::Database* db) {
  DYADSCOPE_RETURN_IF_ERROR(
      storage::ApplyMigrations(*db, EconomicsMigrations(db->engine()))
          .status());
  return std::unique_ptr<SqlObservationRepository>(
      new SqlObservationRepository(db));
}

absl::Status SqlObservationRepository::RunTransaction(
    absl::FunctionRef<absl::Status(ObservationWriter&)> body, bool commit) {
  absl::Status status = db_->Transact([&](SqlSession& session) {
    SqlObservationWriter writer(session, *this);
    DYADSCOPE_RETURN_IF_ERROR(body(writer));
    if (!commit) return absl::CancelledError(kDryRunMarker);
    return absl::OkStatus();
  });
  if (!commit && status.code() == absl::StatusCode::kCancelled &&
      status.message() == kDryRunMarker) {
    return absl::OkStatus();
  }
  return status;
}

absl::StatusOr<Observation> SqlObservationRepository::GetObservationVersion(
    int64_t id, int64_t version) {
  std::vector<Row> rows;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    DYADSCOPE_ASSIGN_OR_RETURN(
        rows,
        session.Query(absl::StrCat("SELECT ", kColumns,
                                   " FROM observation_versions v JOIN "
                                   "observations o ON o.id = "
                                   "v.observation_id WHERE v.observation_id "
                                   "= ? AND v.version = ?"),
                      {id, version}));
    return absl::OkStatus();
  }));
  if (rows.empty()) {
    return WithReason(absl::NotFoundError(absl::StrCat(
                          ObservationName(id), " has no version ", version)),
                      "OBSERVATION_NOT_FOUND");
  }
  return FromRow(rows[0]);
}

absl::StatusOr<std::vector<Observation>>
SqlObservationRepository::ListObservations(const ObservationQuery& query,
                                           const ReadOptions& options,
                                           int64_t after_id, int limit) {
  Clause clause;
  AddQuery(query, options, clause);
  clause.And("v.observation_id > ?");
  clause.params.push_back(after_id);
  clause.params.push_back(int64_t{limit});
  std::vector<Observation> out;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    return session.QueryEach(
        absl::StrCat("SELECT ", kColumns,
                     " FROM observation_versions v JOIN observations o ON "
                     "o.id = v.observation_id",
                     clause.Where(), " ORDER BY v.observation_id LIMIT ?"),
        clause.params, [&](const Row& row) {
          out.push_back(FromRow(row));
          return absl::OkStatus();
        });
  }));
  return out;
}

absl::Status SqlObservationRepository::ScanObservations(
    const ObservationQuery& query, const ReadOptions& options,
    absl::FunctionRef<void(const Observation&)> on_observation) {
  Clause clause;
  AddQuery(query, options, clause);
  return db_->Read([&](SqlSession& session) {
    return session.QueryEach(
        absl::StrCat("SELECT ", kColumns,
                     " FROM observation_versions v JOIN observations o ON "
                     "o.id = v.observation_id",
                     clause.Where(), " ORDER BY v.observation_id"),
        clause.params, [&](const Row& row) {
          on_observation(FromRow(row));
          return absl::OkStatus();
        });
  });
}

absl::StatusOr<std::string> SqlObservationRepository::DataVersion() {
  int64_t sequence = 0;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    DYADSCOPE_ASSIGN_OR_RETURN(
        std::vector<Row> rows,
        session.Query("SELECT COALESCE(MAX(sequence), 0) FROM changes"));
    sequence = rows[0].Int(0);
    return absl::OkStatus();
  }));
  return absl::StrCat("economics-", sequence);
}

absl::StatusOr<int64_t> SqlObservationRepository::CountObservations() {
  int64_t count = 0;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    DYADSCOPE_ASSIGN_OR_RETURN(
        std::vector<Row> rows,
        session.Query("SELECT COUNT(*) FROM observation_versions WHERE "
                      "superseded_time_us IS NULL AND deleted = 0"));
    count = rows[0].Int(0);
    return absl::OkStatus();
  }));
  return count;
}

}  // namespace dyadscope::economics
