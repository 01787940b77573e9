// File: services/events/domain/row_rejection.h
// -----------------------------------------------------------------------------
// Why one row of an imported file was rejected. Plain struct, no protobuf;
// see dyadscope.type.v1.RowRejection for the wire form.

#ifndef DYADSCOPE_SERVICES_EVENTS_DOMAIN_ROW_REJECTION_H_
#define DYADSCOPE_SERVICES_EVENTS_DOMAIN_ROW_REJECTION_H_

#include <string>

#include "common/types/types.h"

namespace dyadscope::events {

// Shared by every importer (common/types).
using ::dyadscope::RowRejection;

}  // namespace dyadscope::events

#endif  // DYADSCOPE_SERVICES_EVENTS_DOMAIN_ROW_REJECTION_H_
