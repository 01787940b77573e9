#include "services/events/domain/cameo.h"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"
#include "common/csv/csv_reader.h"
#include "embedded/events_cameo_data.h"
#include "services/events/domain/event.h"

namespace dyadscope::events::cameo {
namespace {

struct Table {
  std::vector<CameoCode> codes;
  absl::flat_hash_map<std::string, size_t> index;  // code -> codes[i]
};

// Parses the embedded CSV. Rows that are not self-consistent (a root that is
// not the code's prefix, a QuadClass that disagrees with the root, a bad
// number) are left out; the unit test pins the full count, so a damaged file
// fails the build's tests rather than the service at run time.
Table* BuildTable() {
  auto* table = new Table();
  enum Column { kCode, kRoot, kDescription, kGoldstein, kQuadClass, kCount };
  bool header = true;
  absl::Status status = csv::ReadCsv(
      embedded::cameo_codes_csv(), csv::CsvOptions(),
      [table, &header](const csv::CsvRecord& record) {
        if (record.kind != csv::CsvRecord::Kind::kFields) {
          return absl::OkStatus();
        }
        if (header) {
          header = false;
          return absl::OkStatus();
        }
        if (record.fields.size() != kCount) return absl::OkStatus();
        CameoCode code;
        code.code = std::string(record.fields[kCode]);
        code.root_code = std::string(record.fields[kRoot]);
        code.description = std::string(record.fields[kDescription]);
        int quad_class = 0;
        std::optional<std::string> root = RootCode(code.code);
        if (!root.has_value() || *root != code.root_code ||
            !absl::SimpleAtod(record.fields[kGoldstein], &code.goldstein) ||
            !absl::SimpleAtoi(record.fields[kQuadClass], &quad_class) ||
            quad_class != static_cast<int>(QuadClassForRoot(code.root_code)) ||
            table->index.contains(code.code)) {
          return absl::OkStatus();
        }
        code.quad_class = static_cast<QuadClass>(quad_class);
        table->index.emplace(code.code, table->codes.size());
        table->codes.push_back(std::move(code));
        return absl::OkStatus();
      });
  static_cast<void>(status);  // the callback never fails
  return table;
}

const Table& GetTable() {
  // Built once, on first use (thread-safe static initialization), and never
  // destroyed, so that lookups stay valid during static destruction.
  static const Table* const table = BuildTable();
  return *table;
}

// Longest-prefix domain rules; see DomainForCameoCode in the header.
struct DomainRule {
  absl::string_view prefix;
  Domain domain;
};

constexpr DomainRule kDomainRules[] = {
    // Roots.
    {"01", Domain::kDiplomatic},
    {"02", Domain::kDiplomatic},
    {"03", Domain::kDiplomatic},
    {"04", Domain::kDiplomatic},
    {"05", Domain::kDiplomatic},
    {"06", Domain::kEconomic},
    {"07", Domain::kEconomic},
    {"08", Domain::kDiplomatic},
    {"09", Domain::kDiplomatic},
    {"10", Domain::kDiplomatic},
    {"11", Domain::kDiplomatic},
    {"12", Domain::kDiplomatic},
    {"13", Domain::kDiplomatic},
    {"14", Domain::kDiplomatic},
    {"15", Domain::kSecurity},
    {"16", Domain::kDiplomatic},
    {"17", Domain::kSecurity},
    {"18", Domain::kSecurity},
    {"19", Domain::kSecurity},
    {"20", Domain::kSecurity},
    // Economic subcodes of otherwise diplomatic roots.
    {"0211", Domain::kEconomic},
    {"0231", Domain::kEconomic},
    {"0254", Domain::kEconomic},
    {"0311", Domain::kEconomic},
    {"0331", Domain::kEconomic},
    {"0354", Domain::kEconomic},
    {"085", Domain::kEconomic},
    {"1011", Domain::kEconomic},
    {"1031", Domain::kEconomic},
    {"1054", Domain::kEconomic},
    {"1211", Domain::kEconomic},
    {"1221", Domain::kEconomic},
    {"1244", Domain::kEconomic},
    {"1311", Domain::kEconomic},
    {"1312", Domain::kEconomic},
    {"162", Domain::kEconomic},
    {"163", Domain::kEconomic},
    // Military subcodes.
    {"0212", Domain::kSecurity},
    {"0232", Domain::kSecurity},
    {"0234", Domain::kSecurity},
    {"0256", Domain::kSecurity},
    {"0312", Domain::kSecurity},
    {"0332", Domain::kSecurity},
    {"0334", Domain::kSecurity},
    {"0356", Domain::kSecurity},
    {"062", Domain::kSecurity},
    {"064", Domain::kSecurity},
    {"072", Domain::kSecurity},
    {"074", Domain::kSecurity},
    {"0861", Domain::kSecurity},
    {"0862", Domain::kSecurity},
    {"087", Domain::kSecurity},
    {"093", Domain::kSecurity},
    {"094", Domain::kSecurity},
    {"1012", Domain::kSecurity},
    {"1032", Domain::kSecurity},
    {"1034", Domain::kSecurity},
    {"1056", Domain::kSecurity},
    {"107", Domain::kSecurity},
    {"1212", Domain::kSecurity},
    {"1222", Domain::kSecurity},
    {"1224", Domain::kSecurity},
    {"1246", Domain::kSecurity},
    {"137", Domain::kSecurity},
    {"138", Domain::kSecurity},
    {"1622", Domain::kSecurity},
    {"1661", Domain::kSecurity},
    // Humanitarian subcodes.
    {"0233", Domain::kSocioCultural},
    {"0333", Domain::kSocioCultural},
    {"073", Domain::kSocioCultural},
    {"0863", Domain::kSocioCultural},
    {"1033", Domain::kSocioCultural},
    {"1223", Domain::kSocioCultural},
    {"1623", Domain::kSocioCultural},
    // Non-economic, non-military material cooperation and aid.
    {"063", Domain::kDiplomatic},
    {"075", Domain::kDiplomatic},
};

}  // namespace

std::optional<CameoCode> Lookup(absl::string_view code) {
  const Table& table = GetTable();
  auto it = table.index.find(code);
  if (it == table.index.end()) return std::nullopt;
  return table.codes[it->second];
}

bool IsValidCameoCode(absl::string_view code) {
  return GetTable().index.contains(code);
}

const std::vector<CameoCode>& AllCodes() { return GetTable().codes; }

std::optional<std::string> RootCode(absl::string_view code) {
  if (code.size() < 2 || code.size() > 4) return std::nullopt;
  for (char c : code) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return std::nullopt;
    }
  }
  absl::string_view root = code.substr(0, 2);
  if (QuadClassForRoot(root) == QuadClass::kUnspecified) return std::nullopt;
  return std::string(root);
}

QuadClass QuadClassForRoot(absl::string_view root_code) {
  if (root_code.size() != 2 ||
      !absl::ascii_isdigit(static_cast<unsigned char>(root_code[0])) ||
      !absl::ascii_isdigit(static_cast<unsigned char>(root_code[1]))) {
    return QuadClass::kUnspecified;
  }
  const int root = (root_code[0] - '0') * 10 + (root_code[1] - '0');
  if (root >= 1 && root <= 5) return QuadClass::kVerbalCooperation;
  if (root >= 6 && root <= 9) return QuadClass::kMaterialCooperation;
  if (root >= 10 && root <= 14) return QuadClass::kVerbalConflict;
  if (root >= 15 && root <= 20) return QuadClass::kMaterialConflict;
  return QuadClass::kUnspecified;
}

Domain DomainForCameoCode(absl::string_view code) {
  if (!RootCode(code).has_value()) return Domain::kUnspecified;
  Domain domain = Domain::kUnspecified;
  size_t best = 0;
  for (const DomainRule& rule : kDomainRules) {
    if (rule.prefix.size() > best && rule.prefix.size() <= code.size() &&
        code.substr(0, rule.prefix.size()) == rule.prefix) {
      best = rule.prefix.size();
      domain = rule.domain;
    }
  }
  return domain;
}

}  // namespace dyadscope::events::cameo
