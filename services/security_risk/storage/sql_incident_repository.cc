#include "services/security_risk/storage/sql_incident_repository.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/proto/deterministic.h"
#include "common/status/error_details.h"
#include "common/status/status_macros.h"
#include "embedded/security_risk_migrations.h"
#include "services/security_risk/convert/incident_proto_convert.h"

namespace dyadscope::security_risk {
namespace {

namespace v1 = ::dyadscope::securityrisk::v1;
using storage::Blob;
using storage::Clause;
using storage::Row;
using storage::SqlSession;
using storage::SqlValue;

constexpr absl::string_view kDryRunMarker = "dyadscope: dry run rollback";

std::string Body(const Incident& incident) {
  Incident copy = incident;
  copy.id = 0;
  copy.version = VersionInfo();
  v1::Incident proto;
  IncidentToProto(copy, &proto);
  return SerializeDeterministic(proto);
}

std::string ContentOf(const std::string& body) {
  v1::Incident proto;
  proto.ParseFromString(body);
  proto.mutable_provenance()->clear_source_file();
  proto.mutable_provenance()->clear_source_line();
  proto.mutable_provenance()->clear_source_label();
  return SerializeDeterministic(proto);
}

constexpr absl::string_view kColumns =
    "v.incident_id, v.version, v.record_time_us, v.deleted, v.request_id, "
    "i.create_time_us, v.body";

constexpr absl::string_view kFrom =
    " FROM incident_versions v JOIN incidents i ON i.id = v.incident_id";

Incident FromRow(const Row& row) {
  v1::Incident proto;
  proto.ParseFromString(row.Text(6));
  FieldViolations ignored;  // validated when written
  Incident incident = IncidentFromProto(proto, "", ignored);
  incident.id = row.Int(0);
  incident.version.version = row.Int(1);
  incident.version.record_time = absl::FromUnixMicros(row.Int(2));
  incident.version.deleted = row.Int(3) != 0;
  incident.version.request_id = row.Text(4);
  incident.version.create_time = absl::FromUnixMicros(row.Int(5));
  return incident;
}

void AddQuery(const IncidentQuery& q, const ReadOptions& options,
              Clause& clause) {
  storage::AddVersionFilter(options, "v", clause);
  if (!q.country_code.empty()) {
    clause.And("v.country_code = ?");
    clause.params.push_back(q.country_code);
  }
  if (!q.partner_country_code.empty()) {
    clause.And("v.partner_country_code = ?");
    clause.params.push_back(q.partner_country_code);
  }
  clause.AndIn("v.province",
               std::vector<SqlValue>(q.provinces.begin(), q.provinces.end()));
  if (q.start_day.has_value()) {
    clause.And("v.day >= ?");
    clause.params.push_back(*q.start_day);
  }
  if (q.end_day.has_value()) {
    clause.And("v.day <= ?");
    clause.params.push_back(*q.end_day);
  }
  auto ints = [](const auto& values) {
    std::vector<SqlValue> out;
    for (auto v : values) out.push_back(int64_t{static_cast<int>(v)});
    return out;
  };
  clause.AndIn("v.target_category", ints(q.target_categories));
  clause.AndIn("v.attack_type", ints(q.attack_types));
  clause.AndIn("v.verification_status", ints(q.verification_statuses));
  clause.AndIn(
      "v.source_system",
      std::vector<SqlValue>(q.source_systems.begin(), q.source_systems.end()));
}

class SqlIncidentWriter : public IncidentWriter {
 public:
  SqlIncidentWriter(SqlSession& session, SqlIncidentRepository& repo)
      : session_(session), repo_(repo) {}

  absl::StatusOr<IncidentUpsert> Upsert(const Incident& input,
                                        absl::string_view request_id) override {
    Incident incident = input;
    const std::string body = Body(incident);
    const absl::Time now = repo_.NextRecordTime();
    const int64_t now_us = absl::ToUnixMicros(now);
    const std::string& system = incident.provenance.source_system;
    const std::string& record_id = incident.provenance.source_record_id;
    std::optional<int64_t> id;
    int64_t create_us = now_us;
    if (!record_id.empty()) {
      DYADSCOPE_ASSIGN_OR_RETURN(
          std::vector<Row> found,
          session_.Query("SELECT id, create_time_us FROM incidents WHERE "
                         "source_system = ? AND source_record_id = ?",
                         {system, record_id}));
      if (!found.empty()) {
        id = found[0].Int(0);
        create_us = found[0].Int(1);
      }
    }
    int64_t version = 1;
    WriteOutcome outcome = WriteOutcome::kCreated;
    if (id.has_value()) {
      DYADSCOPE_ASSIGN_OR_RETURN(
          std::vector<Row> current,
          session_.Query(absl::StrCat("SELECT ", kColumns, kFrom,
                                      " WHERE v.incident_id = ? AND "
                                      "v.superseded_time_us IS NULL"),
                         {*id}));
      if (!current.empty()) {
        if (current[0].Int(3) == 0 &&
            ContentOf(current[0].Text(6)) == ContentOf(body)) {
          return IncidentUpsert{FromRow(current[0]), WriteOutcome::kUnchanged};
        }
        version = current[0].Int(1) + 1;
        outcome = WriteOutcome::kNewVersion;
        DYADSCOPE_RETURN_IF_ERROR(Supersede(*id, now_us));
      }
    } else {
      SqlValue key =
          record_id.empty() ? SqlValue(std::monostate()) : SqlValue(record_id);
      DYADSCOPE_ASSIGN_OR_RETURN(
          std::vector<Row> inserted,
          session_.Query("INSERT INTO incidents (source_system, "
                         "source_record_id, create_time_us) VALUES (?, ?, ?) "
                         "RETURNING id",
                         {system, key, now_us}));
      id = inserted[0].Int(0);
    }
    incident.id = *id;
    incident.version =
        VersionInfo{version, now, absl::FromUnixMicros(create_us), false,
                    std::string(request_id)};
    DYADSCOPE_RETURN_IF_ERROR(
        InsertVersion(incident, body, now_us, /*deleted=*/false, outcome));
    return IncidentUpsert{std::move(incident), outcome};
  }

  absl::StatusOr<bool> DeleteBySource(absl::string_view source_system,
                                      absl::string_view source_record_id,
                                      absl::string_view request_id) override {
    DYADSCOPE_ASSIGN_OR_RETURN(
        std::vector<Row> current,
        session_.Query(
            absl::StrCat("SELECT ", kColumns, kFrom,
                         " WHERE i.source_system = ? AND i.source_record_id "
                         "= ? AND v.superseded_time_us IS NULL AND "
                         "v.deleted = 0"),
            {std::string(source_system), std::string(source_record_id)}));
    if (current.empty()) return false;
    Incident incident = FromRow(current[0]);
    const absl::Time now = repo_.NextRecordTime();
    const int64_t now_us = absl::ToUnixMicros(now);
    DYADSCOPE_RETURN_IF_ERROR(Supersede(incident.id, now_us));
    incident.version.version += 1;
    incident.version.record_time = now;
    incident.version.deleted = true;
    incident.version.request_id = std::string(request_id);
    DYADSCOPE_RETURN_IF_ERROR(InsertVersion(incident, current[0].Text(6),
                                            now_us, /*deleted=*/true,
                                            WriteOutcome::kDeleted));
    return true;
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
  absl::Status Supersede(int64_t id, int64_t now_us) {
    return session_
        .Execute(
            "UPDATE incident_versions SET superseded_time_us = ? WHERE "
            "incident_id = ? AND superseded_time_us IS NULL",
            {now_us, id})
        .status();
  }

  absl::Status InsertVersion(const Incident& incident, const std::string& body,
                             int64_t now_us, bool deleted,
                             WriteOutcome outcome) {
    DYADSCOPE_RETURN_IF_ERROR(
        session_
            .Execute(
                "INSERT INTO incident_versions (incident_id, version, "
                "record_time_us, superseded_time_us, deleted, request_id, "
                "day, country_code, partner_country_code, province, "
                "target_category, attack_type, verification_status, "
                "source_system, body) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?, ?, ?)",
                {incident.id, incident.version.version, now_us,
                 int64_t{deleted ? 1 : 0}, incident.version.request_id,
                 DateSortKey(incident.date), incident.location.country_code,
                 incident.partner_country_code, incident.location.province,
                 int64_t{static_cast<int>(incident.target_category)},
                 int64_t{static_cast<int>(incident.attack_type)},
                 int64_t{static_cast<int>(incident.verification_status)},
                 incident.provenance.source_system, Blob{body}})
            .status());
    return session_
        .Execute(
            "INSERT INTO changes (record_time_us, incident_id, version, "
            "change) VALUES (?, ?, ?, ?)",
            {now_us, incident.id, incident.version.version,
             int64_t{static_cast<int>(outcome)}})
        .status();
  }

  SqlSession& session_;
  SqlIncidentRepository& repo_;
};

}  // namespace

std::vector<storage::Migration> SecurityRiskMigrations(storage::Engine engine) {
  const bool postgres = engine == storage::Engine::kPostgres;
  return {
      {1, "0001_create_incidents",
       std::string(
           postgres ? embedded::security_risk_postgres_0001_create_incidents()
                    : embedded::security_risk_sqlite_0001_create_incidents())}};
}

absl::StatusOr<std::unique_ptr<SqlIncidentRepository>>
SqlIncidentRepository::Create(storage::Database* db) {
  DYADSCOPE_RETURN_IF_ERROR(
      storage::ApplyMigrations(*db, SecurityRiskMigrations(db->engine()))
          .status());
  return std::unique_ptr<SqlIncidentRepository>(new SqlIncidentRepository(db));
}

absl::Status SqlIncidentRepository::RunTransaction(
    absl::FunctionRef<absl::Status(IncidentWriter&)> body, bool commit) {
  absl::Status status = db_->Transact([&](SqlSession& session) {
    SqlIncidentWriter writer(session, *this);
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

absl::StatusOr<Incident> SqlIncidentRepository::GetIncidentVersion(
    int64_t id, int64_t version) {
  std::vector<Row> rows;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    DYADSCOPE_ASSIGN_OR_RETURN(
        rows, session.Query(absl::StrCat("SELECT ", kColumns, kFrom,
                                         " WHERE v.incident_id = ? AND "
                                         "v.version = ?"),
                            {id, version}));
    return absl::OkStatus();
  }));
  if (rows.empty()) {
    return WithReason(absl::NotFoundError(absl::StrCat(
                          IncidentName(id), " has no version ", version)),
                      "INCIDENT_NOT_FOUND");
  }
  return FromRow(rows[0]);
}

absl::StatusOr<std::vector<Incident>> SqlIncidentRepository::ListIncidents(
    const IncidentQuery& query, const ReadOptions& options, int64_t after_id,
    int limit) {
  Clause clause;
  AddQuery(query, options, clause);
  clause.And("v.incident_id > ?");
  clause.params.push_back(after_id);
  clause.params.push_back(int64_t{limit});
  std::vector<Incident> out;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    return session.QueryEach(
        absl::StrCat("SELECT ", kColumns, kFrom, clause.Where(),
                     " ORDER BY v.incident_id LIMIT ?"),
        clause.params, [&](const Row& row) {
          out.push_back(FromRow(row));
          return absl::OkStatus();
        });
  }));
  return out;
}

absl::Status SqlIncidentRepository::ScanIncidents(
    const IncidentQuery& query, const ReadOptions& options,
    absl::FunctionRef<void(const Incident&)> on_incident) {
  Clause clause;
  AddQuery(query, options, clause);
  return db_->Read([&](SqlSession& session) {
    return session.QueryEach(
        absl::StrCat("SELECT ", kColumns, kFrom, clause.Where(),
                     " ORDER BY v.day, v.incident_id"),
        clause.params, [&](const Row& row) {
          on_incident(FromRow(row));
          return absl::OkStatus();
        });
  });
}

absl::StatusOr<std::string> SqlIncidentRepository::DataVersion() {
  int64_t sequence = 0;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    DYADSCOPE_ASSIGN_OR_RETURN(
        std::vector<Row> rows,
        session.Query("SELECT COALESCE(MAX(sequence), 0) FROM changes"));
    sequence = rows[0].Int(0);
    return absl::OkStatus();
  }));
  return absl::StrCat("security_risk-", sequence);
}

absl::StatusOr<int64_t> SqlIncidentRepository::CountIncidents() {
  int64_t count = 0;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    DYADSCOPE_ASSIGN_OR_RETURN(
        std::vector<Row> rows,
        session.Query("SELECT COUNT(*) FROM incident_versions WHERE "
                      "superseded_time_us IS NULL AND deleted = 0"));
    count = rows[0].Int(0);
    return absl::OkStatus();
  }));
  return count;
}

}  // namespace dyadscope::security_risk
