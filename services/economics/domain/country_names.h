// File: services/economics/domain/country_names.h
// -----------------------------------------------------------------------------
// The country-name table moved to common/types/country_names.h (one table for
// every service); these names keep the economics callers working.

#ifndef DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_COUNTRY_NAMES_H_
#define DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_COUNTRY_NAMES_H_

#include "common/types/country_names.h"

namespace dyadscope::economics {

using ::dyadscope::CountryNameKind;
using ::dyadscope::CountryNameMatch;
using ::dyadscope::IsAggregateCode;
using ::dyadscope::IsKnownCountryCode;
using ::dyadscope::IsWorldCode;
using ::dyadscope::LookupCountryName;
using ::dyadscope::NormalizeCountryName;

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_COUNTRY_NAMES_H_
