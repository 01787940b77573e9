// File: common/records/record_columns.h
// -----------------------------------------------------------------------------
// A record kind's SQL columns described once, as data: each column's name,
// the value a record stores in it and, for the filter columns of the
// versions table, how a query restricts it. From that one list come the
// three parts of a kind's traits (sql_record_store.h) that must agree
// column by column: Schema() (the column names), Encode() (their values)
// and AddFilter() (the WHERE clause of a query). A kind adds a column in one
// place, and a name can no longer drift from its value's position.
//
//   const records::RecordColumns<Incident, IncidentQuery>& Columns() {
//     static const auto* const kColumns = [] {
//       auto* c = new records::RecordColumns<Incident, IncidentQuery>(
//           "incident", "incidents", "security_risk");
//       c->Key("source_system", SourceSystemOf);
//       c->Stored("province", ProvinceOf,
//       records::In(&IncidentQuery::provinces)); return c;
//     }();
//     return *kColumns;
//   }
//
// A value is stored by its C++ type: text as TEXT, integers and bools as
// INTEGER, floating point as REAL, enums as their numbers, an empty
// std::optional as NULL (and a storage::SqlValue as it is).

#ifndef DYADSCOPE_COMMON_RECORDS_RECORD_COLUMNS_H_
#define DYADSCOPE_COMMON_RECORDS_RECORD_COLUMNS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/records/record_schema.h"
#include "common/storage/database.h"
#include "common/storage/sql_helpers.h"

namespace dyadscope::records {

namespace columns_internal {

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

}  // namespace columns_internal

// The stored value of `value` (see the file comment).
template <typename T>
storage::SqlValue ColumnValue(const T& value) {
  if constexpr (std::is_same_v<T, storage::SqlValue>) {
    return value;
  } else if constexpr (columns_internal::IsOptional<T>::value) {
    if (!value.has_value()) return storage::SqlValue(std::monostate());
    return ColumnValue(*value);
  } else if constexpr (std::is_enum_v<T>) {
    return storage::EnumValue(value);
  } else if constexpr (std::is_integral_v<T>) {
    return int64_t{value};
  } else if constexpr (std::is_floating_point_v<T>) {
    return double{value};
  } else {
    return std::string(value);
  }
}

// The source system of a record's provenance: a column of most kinds.
template <typename Record>
const std::string& SourceSystemOf(const Record& record) {
  return record.provenance.source_system;
}

// Text stored as NULL when empty: a natural-key part that may be absent (a
// NULL in the key means the record has no natural key).
inline storage::SqlValue NullIfEmpty(const std::string& text) {
  if (text.empty()) return storage::SqlValue(std::monostate());
  return text;
}

// How a query restricts one column: adds its condition on `column` (the
// qualified name, "v.<name>") to `clause`, or nothing when the query leaves
// the column open.
template <typename Query>
using ColumnFilter = std::function<void(
    const Query& query, absl::string_view column, storage::Clause& clause)>;

// column IN (the query's values); no condition when the list is empty.
// Enums compare as their numbers.
template <typename Query, typename T>
ColumnFilter<Query> In(std::vector<T> Query::*values) {
  return [values](const Query& query, absl::string_view column,
                  storage::Clause& clause) {
    if constexpr (std::is_enum_v<T>) {
      clause.AndInEnums(column, query.*values);
    } else {
      clause.AndIn(column, query.*values);
    }
  };
}

// column = the query's text; no condition when it is empty.
template <typename Query>
ColumnFilter<Query> EqualUnlessEmpty(std::string Query::*value) {
  return [value](const Query& query, absl::string_view column,
                 storage::Clause& clause) {
    clause.AndEqualUnlessEmpty(column, query.*value);
  };
}

// low <= column <= high, inclusive; an unset bound is open.
template <typename Query, typename T>
ColumnFilter<Query> Between(std::optional<T> Query::*low,
                            std::optional<T> Query::*high) {
  return [low, high](const Query& query, absl::string_view column,
                     storage::Clause& clause) {
    clause.AndAtLeast(column, query.*low);
    clause.AndAtMost(column, query.*high);
  };
}

// The tables and columns of one record kind (see the file comment).
// Immutable once built; thread-safe to read.
template <typename Record, typename Query>
class RecordColumns {
 public:
  // The tables follow RecordSchema::Of: `singular` "incident", `plural`
  // "incidents", data versions "<data_version_prefix>-<n>".
  RecordColumns(absl::string_view singular, absl::string_view plural,
                absl::string_view data_version_prefix)
      : singular_(singular),
        plural_(plural),
        data_version_prefix_(data_version_prefix) {}

  // Appends a natural-key column of the identity table whose value is
  // `get(record)` (a member pointer or any callable).
  template <typename Get>
  void Key(absl::string_view name, Get get) {
    key_.push_back({std::string(name), ValueOf(std::move(get)), nullptr});
  }

  // Appends the natural key of a record known by its source:
  // (source_system, source_record_id), the id NULL when empty (no natural
  // key: every write creates a new record).
  void KeyBySource() {
    Key("source_system", SourceSystemOf<Record>);
    Key("source_record_id", [](const Record& record) {
      return NullIfEmpty(record.provenance.source_record_id);
    });
  }

  // How a query restricts the column Stored() has just appended: one of
  // these, or none when the kind's queries do not filter on it.
  class Filter {
   public:
    explicit Filter(ColumnFilter<Query>& filter) : filter_(filter) {}

    // column IN (query.*values); see records::In.
    template <typename T>
    void In(std::vector<T> Query::*values) {
      filter_ = records::In(values);
    }
    // column = query.*value unless empty; see records::EqualUnlessEmpty.
    void EqualUnlessEmpty(std::string Query::*value) {
      filter_ = records::EqualUnlessEmpty(value);
    }
    // query.*low <= column <= query.*high; see records::Between.
    template <typename T>
    void Between(std::optional<T> Query::*low, std::optional<T> Query::*high) {
      filter_ = records::Between(low, high);
    }

   private:
    ColumnFilter<Query>& filter_;
  };

  // Appends a column of the versions table (between request_id and body)
  // whose value is `get(record)`; the answer sets its filter, if any, in the
  // same statement.
  template <typename Get>
  Filter Stored(absl::string_view name, Get get) {
    versions_.push_back({std::string(name), ValueOf(std::move(get)), nullptr});
    return Filter(versions_.back().filter);
  }

  // Shares the changes table with other kinds: its rows of this kind carry
  // (entity, entity_id) instead of the id column (RecordSchema::
  // changes_entity).
  void ShareChangesAs(absl::string_view entity) {
    changes_entity_ = std::string(entity);
  }

  // The kind's schema: its tables and the column names, in order.
  RecordSchema Schema() const {
    RecordSchema schema =
        RecordSchema::Of(singular_, plural_, data_version_prefix_,
                         NamesOf(key_), NamesOf(versions_));
    schema.changes_entity = changes_entity_;
    return schema;
  }

  // The record as the store writes it, with `body` as its stored body.
  EncodedRecord Encode(const Record& record, std::string body) const {
    EncodedRecord encoded;
    encoded.key = ValuesOf(key_, record);
    encoded.columns = ValuesOf(versions_, record);
    encoded.body = std::move(body);
    return encoded;
  }

  // Adds the conditions of `query` on the versions table (alias v), in the
  // order of the columns.
  void AddFilter(const Query& query, storage::Clause& clause) const {
    for (const Column& column : versions_) {
      if (column.filter) column.filter(query, column.qualified, clause);
    }
  }

 private:
  struct Column {
    std::string name;
    std::function<storage::SqlValue(const Record&)> value;
    ColumnFilter<Query> filter;
    std::string qualified = absl::StrCat("v.", name);
  };

  template <typename Get>
  static std::function<storage::SqlValue(const Record&)> ValueOf(Get get) {
    return [get = std::move(get)](const Record& record) {
      return ColumnValue(std::invoke(get, record));
    };
  }

  static std::vector<std::string> NamesOf(const std::vector<Column>& columns) {
    std::vector<std::string> names;
    names.reserve(columns.size());
    for (const Column& column : columns) names.push_back(column.name);
    return names;
  }

  static std::vector<storage::SqlValue> ValuesOf(
      const std::vector<Column>& columns, const Record& record) {
    std::vector<storage::SqlValue> values;
    values.reserve(columns.size());
    for (const Column& column : columns) values.push_back(column.value(record));
    return values;
  }

  std::string singular_;
  std::string plural_;
  std::string data_version_prefix_;
  std::string changes_entity_;
  std::vector<Column> key_;
  std::vector<Column> versions_;
};

// The Schema, Encode and AddFilter of a kind's traits from its column list:
// `Kind` (the traits type deriving from this) has
//   static RecordColumns<Record, Query> DescribeColumns();  // called once
//   static std::string Body(const Record&);   // e.g. from ProtoBodyTraits
template <typename Kind, typename Record, typename QueryT>
struct ColumnTraits {
  using Query = QueryT;

  // The kind's columns, described on first use.
  static const RecordColumns<Record, Query>& Columns() {
    static const auto* const kColumns =
        new RecordColumns<Record, Query>(Kind::DescribeColumns());
    return *kColumns;
  }

  static RecordSchema Schema() { return Kind::Columns().Schema(); }
  static EncodedRecord Encode(const Record& record) {
    return Kind::Columns().Encode(record, Kind::Body(record));
  }
  static void AddFilter(const Query& query, storage::Clause& clause) {
    Kind::Columns().AddFilter(query, clause);
  }
};

}  // namespace dyadscope::records

#endif  // DYADSCOPE_COMMON_RECORDS_RECORD_COLUMNS_H_
