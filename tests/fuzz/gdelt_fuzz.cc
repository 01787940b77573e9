// Fuzz target: every line of the input through the GDELT 1.0 and 2.0 row
// parsers (tab-separated export rows, any column count).

#include <cstddef>
#include <cstdint>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "services/events/domain/gdelt_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    (void)dyadscope::events::ParseGdeltLine(
        line, dyadscope::events::GdeltVersion::kV1);
    (void)dyadscope::events::ParseGdeltLine(
        line, dyadscope::events::GdeltVersion::kV2);
  }
  return 0;
}
