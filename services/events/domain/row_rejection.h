// File: services/events/domain/row_rejection.h
// -----------------------------------------------------------------------------
// Why one row of an imported file was rejected. Plain struct, no protobuf;
// see dyadscope.type.v1.RowRejection for the wire form.

#ifndef DYADSCOPE_SERVICES_EVENTS_DOMAIN_ROW_REJECTION_H_
#define DYADSCOPE_SERVICES_EVENTS_DOMAIN_ROW_REJECTION_H_

#include <string>

namespace dyadscope::events {

// One rejected row: the offending field, a machine-readable reason code
// (UPPER_SNAKE, e.g. "INVALID_DATE"), a short English reason and the
// offending value (truncated).
struct RowRejection {
  std::string field;
  std::string reason_code;
  std::string reason;
  std::string value;
};

}  // namespace dyadscope::events

#endif  // DYADSCOPE_SERVICES_EVENTS_DOMAIN_ROW_REJECTION_H_
