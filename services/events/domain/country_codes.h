// File: services/events/domain/country_codes.h
// -----------------------------------------------------------------------------
// The FIPS 10-4 and CAMEO crosswalks moved to common/types/country_codes.h
// beside the one country-name table; these names keep the events callers
// working.

#ifndef DYADSCOPE_SERVICES_EVENTS_DOMAIN_COUNTRY_CODES_H_
#define DYADSCOPE_SERVICES_EVENTS_DOMAIN_COUNTRY_CODES_H_

#include "common/types/country_codes.h"
#include "common/types/iso_countries.h"

namespace dyadscope::events {

using ::dyadscope::AllIso3Codes;
using ::dyadscope::CameoCountryToIso3;
using ::dyadscope::FipsToIso3;
using ::dyadscope::IsCameoRegionCode;
using ::dyadscope::IsKnownIso3;

}  // namespace dyadscope::events

#endif  // DYADSCOPE_SERVICES_EVENTS_DOMAIN_COUNTRY_CODES_H_
