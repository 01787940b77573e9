#include "common/records/record_columns.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::records {
namespace {

using ::testing::ElementsAre;

enum class Colour { kUnspecified = 0, kRed = 1, kBlue = 2 };

struct Thing {
  std::string name;
  std::string tag;
  int year = 0;
  Colour colour = Colour::kUnspecified;
  std::optional<double> weight;
  Provenance provenance;
};

struct ThingQuery {
  std::vector<std::string> names;
  std::string tag;
  std::optional<int> start_year;
  std::optional<int> end_year;
  std::vector<Colour> colours;
};

RecordColumns<Thing, ThingQuery> Columns() {
  RecordColumns<Thing, ThingQuery> c("thing", "things", "things");
  c.Key("name", &Thing::name);
  c.Key("source_record_id", [](const Thing& thing) {
    return NullIfEmpty(thing.provenance.source_record_id);
  });
  c.Stored("name", &Thing::name).In(&ThingQuery::names);
  c.Stored("tag", &Thing::tag).EqualUnlessEmpty(&ThingQuery::tag);
  c.Stored("year", &Thing::year)
      .Between(&ThingQuery::start_year, &ThingQuery::end_year);
  c.Stored("colour", &Thing::colour).In(&ThingQuery::colours);
  c.Stored("weight", &Thing::weight);
  c.Stored("source_system", SourceSystemOf<Thing>);
  return c;
}

TEST(RecordColumnsTest, SchemaNamesTheColumnsInOrder) {
  const RecordSchema schema = Columns().Schema();
  EXPECT_EQ(schema.identity_table, "things");
  EXPECT_EQ(schema.versions_table, "thing_versions");
  EXPECT_EQ(schema.id_column, "thing_id");
  EXPECT_EQ(schema.data_version_prefix, "things");
  EXPECT_EQ(schema.not_found_reason, "THING_NOT_FOUND");
  EXPECT_THAT(schema.key_columns, ElementsAre("name", "source_record_id"));
  EXPECT_THAT(
      schema.version_columns,
      ElementsAre("name", "tag", "year", "colour", "weight", "source_system"));
}

TEST(RecordColumnsTest, KeyBySourceIsTheSourceSystemAndRecordId) {
  RecordColumns<Thing, ThingQuery> c("thing", "things", "things");
  c.KeyBySource();
  EXPECT_THAT(c.Schema().key_columns,
              ElementsAre("source_system", "source_record_id"));
  Thing thing;
  thing.provenance.source_system = "SRC";
  using storage::SqlValue;
  EXPECT_THAT(c.Encode(thing, "").key, ElementsAre(SqlValue(std::string("SRC")),
                                                   SqlValue(std::monostate())));
  thing.provenance.source_record_id = "r7";
  EXPECT_THAT(
      c.Encode(thing, "").key,
      ElementsAre(SqlValue(std::string("SRC")), SqlValue(std::string("r7"))));
}

TEST(RecordColumnsTest, EncodeStoresEachValueByItsType) {
  Thing thing;
  thing.name = "alpha";
  thing.tag = "t";
  thing.year = 1999;
  thing.colour = Colour::kBlue;
  thing.provenance.source_system = "SRC";
  EncodedRecord encoded = Columns().Encode(thing, "body");
  using storage::SqlValue;
  // No source record id: NULL, so the record has no natural key.
  EXPECT_THAT(encoded.key, ElementsAre(SqlValue(std::string("alpha")),
                                       SqlValue(std::monostate())));
  // The enum as its number, the year as an integer, no weight as NULL.
  EXPECT_THAT(
      encoded.columns,
      ElementsAre(SqlValue(std::string("alpha")), SqlValue(std::string("t")),
                  SqlValue(int64_t{1999}), SqlValue(int64_t{2}),
                  SqlValue(std::monostate()), SqlValue(std::string("SRC"))));
  EXPECT_EQ(encoded.body, "body");

  // Zero is a value, not missing.
  thing.weight = 0.0;
  EXPECT_EQ(Columns().Encode(thing, "").columns[4], SqlValue(0.0));

  thing.weight = 2.5;
  thing.provenance.source_record_id = "r1";
  encoded = Columns().Encode(thing, "");
  EXPECT_EQ(encoded.key[1], SqlValue(std::string("r1")));
  EXPECT_EQ(encoded.columns[4], SqlValue(2.5));
}

TEST(RecordColumnsTest, FilterIsTheConditionsOfTheQuerysSetFields) {
  ThingQuery query;
  storage::Clause none;
  Columns().AddFilter(query, none);
  EXPECT_EQ(none.Where(), "");

  query.names = {"a", "b"};
  query.tag = "t";
  query.start_year = 1990;
  query.colours = {Colour::kRed};
  storage::Clause clause;
  Columns().AddFilter(query, clause);

  // The same conditions written by hand, in the order of the columns.
  storage::Clause expected;
  expected.AndIn("v.name", std::vector<std::string>{"a", "b"});
  expected.AndEqualUnlessEmpty("v.tag", "t");
  expected.AndAtLeast("v.year", 1990);
  expected.AndAtMost("v.year", std::nullopt);
  expected.AndInEnums("v.colour", std::vector<Colour>{Colour::kRed});
  EXPECT_EQ(clause.sql, expected.sql);
  EXPECT_EQ(clause.CanonicalText(), expected.CanonicalText());
  EXPECT_THAT(clause.sql, ::testing::HasSubstr("v.year >= ?"));
  EXPECT_THAT(clause.sql, ::testing::Not(::testing::HasSubstr("v.year <=")));
}

}  // namespace
}  // namespace dyadscope::records
