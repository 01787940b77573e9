// File: common/stats/bootstrap.h
// -----------------------------------------------------------------------------
// How a summary request overrides the bootstrap settings of its
// computation, written once for every service that bootstraps intervals
// (events' summaries, economics' indicator summaries).

#ifndef DYADSCOPE_COMMON_STATS_BOOTSTRAP_H_
#define DYADSCOPE_COMMON_STATS_BOOTSTRAP_H_

namespace dyadscope::stats {

// Sets in `options` the bootstrap settings `request` asks for, keeping the
// defaults it leaves out: the number of draws unless 0 (the default), the
// seed and the confidence level when given (std::optional). Both types have
// the fields bootstrap_draws, seed and confidence_level.
template <typename Request, typename Options>
void ApplyBootstrapRequest(const Request& request, Options& options) {
  if (request.bootstrap_draws != 0) {
    options.bootstrap_draws = request.bootstrap_draws;
  }
  if (request.seed.has_value()) options.seed = *request.seed;
  if (request.confidence_level.has_value()) {
    options.confidence_level = *request.confidence_level;
  }
}

}  // namespace dyadscope::stats

#endif  // DYADSCOPE_COMMON_STATS_BOOTSTRAP_H_
