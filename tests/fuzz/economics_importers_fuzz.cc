// Fuzz target: the economics file importers. The first byte picks the
// format (IMF DOTS, WDI wide, WDI long, UN Comtrade, SIPRI, dyadscope CSV,
// SIPRI trade register); the rest is the file.

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "services/economics/domain/importers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto format =
      static_cast<dyadscope::economics::ObservationFileFormat>(1 + data[0] % 7);
  const absl::string_view text(reinterpret_cast<const char*>(data + 1),
                               size - 1);
  (void)dyadscope::economics::ParseObservationText(format, text);
  return 0;
}
