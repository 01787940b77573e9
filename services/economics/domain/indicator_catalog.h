// File: services/economics/domain/indicator_catalog.h
// -----------------------------------------------------------------------------
// The catalogue of indicators ComputeIndicators knows (internal to the
// economics indicators): each indicator's kind, id, name, formula, unit and
// description, in the order IndicatorDefinitions() lists them.

#ifndef DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_INDICATOR_CATALOG_H_
#define DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_INDICATOR_CATALOG_H_

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "services/economics/domain/indicators.h"

namespace dyadscope::economics::indicators_internal {

enum class Kind {
  kTradeBalance,
  kTradeCoverage,
  kShareA,
  kShareB,
  kSalience,
  kSymmetry,
  kInterdependence,
  kDependenceRatio,
  kDirectedAsymmetry,
  kTradeGdpA,
  kTradeGdpB,
  kFdiShare,
  kDebtShare,
  kLoanShare,
  kArmsShare,
  kFinancePctGdp,
  kArmsHhi,
  kArmsHhiNormalized,
  kTradeHhi,
  kTradeHhiNormalized,
  kMirrorGap,
  kGrowthExports,
  kGrowthImports,
  kGrowthTrade,
};

struct CatalogEntry {
  Kind kind;
  const char* id;
  const char* display_name;
  const char* formula;
  const char* unit;
  const char* description;
};

// Returns the catalogue, in IndicatorDefinitions() order.
absl::Span<const CatalogEntry> IndicatorCatalog();

// Returns the entry with `id`, or nullptr.
const CatalogEntry* FindCatalogEntry(absl::string_view id);

// Returns the public definition of `entry`.
IndicatorDefinition ToDefinition(const CatalogEntry& entry);

}  // namespace dyadscope::economics::indicators_internal

#endif  // DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_INDICATOR_CATALOG_H_
