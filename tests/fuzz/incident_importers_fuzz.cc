// Fuzz target: the incident file importers. The first byte picks the
// format (ACLED, ACLED deletions, GTD, dyadscope CSV); the rest is the file.

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "services/security_risk/domain/incident_importers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto format = static_cast<dyadscope::security_risk::IncidentFileFormat>(
      1 + data[0] % 4);
  const absl::string_view text(reinterpret_cast<const char*>(data + 1),
                               size - 1);
  (void)dyadscope::security_risk::ParseIncidentText(format, text);
  return 0;
}
