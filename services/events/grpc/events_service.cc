#include "services/events/grpc/events_service.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/proto/deterministic.h"
#include "common/records/import_rpc.h"
#include "common/records/record_rpc.h"
#include "common/server/auth.h"
#include "common/status/error_details.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"
#include "common/types/type_proto_convert.h"
#include "common/util/fingerprint.h"
#include "services/events/convert/event_proto_convert.h"

namespace dyadscope::events {
namespace {

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Converts a filter; `field` is its path ("filter").
struct FilterParts {
  EventQuery query;
  std::optional<Date> start;
  std::optional<Date> end;
};

FilterParts FilterFromProto(const v1::EventFilter& proto,
                            absl::string_view field,
                            FieldViolations& violations) {
  FilterParts parts;
  EventQuery& query = parts.query;
  if (!proto.has_dyad()) {
    violations.Add(absl::StrCat(field, ".dyad"), "is required");
  } else if (std::optional<Dyad> dyad = DyadFromProto(
                 proto.dyad(), absl::StrCat(field, ".dyad"), violations)) {
    query.dyad = *dyad;
  }
  if (proto.has_date_range()) {
    const auto& range = proto.date_range();
    if (range.has_start_date()) {
      parts.start = DateFromProto(range.start_date(),
                                  absl::StrCat(field, ".date_range.start_date"),
                                  violations);
      if (parts.start) query.start_day = DateSortKey(FirstDay(*parts.start));
    }
    if (range.has_end_date()) {
      parts.end = DateFromProto(range.end_date(),
                                absl::StrCat(field, ".date_range.end_date"),
                                violations);
      if (parts.end) query.end_day = DateSortKey(LastDay(*parts.end));
    }
    if (query.start_day && query.end_day && *query.start_day > *query.end_day) {
      violations.Add(absl::StrCat(field, ".date_range.end_date"),
                     "must not be before start_date");
    }
  }
  query.domains = records::KnownEnumsFromProto(
      proto.domains(), absl::StrCat(field, ".domains"), DomainFromProto,
      "must be a known domain", violations);
  query.quad_classes = records::KnownEnumsFromProto(
      proto.quad_classes(), absl::StrCat(field, ".quad_classes"),
      QuadClassFromProto, "must be a known QuadClass", violations);
  for (int i = 0; i < proto.cameo_root_codes_size(); ++i) {
    const std::string& root = proto.cameo_root_codes(i);
    if (root.size() != 2 || !AllDigits(root)) {
      violations.Add(absl::StrCat(field, ".cameo_root_codes[", i, "]"),
                     "must be two digits, e.g. \"04\"");
    } else {
      query.cameo_root_codes.push_back(root);
    }
  }
  for (int i = 0; i < proto.cameo_code_prefixes_size(); ++i) {
    const std::string& prefix = proto.cameo_code_prefixes(i);
    if (prefix.size() > 4 || !AllDigits(prefix)) {
      violations.Add(absl::StrCat(field, ".cameo_code_prefixes[", i, "]"),
                     "must be 1 to 4 digits");
    } else {
      query.cameo_code_prefixes.push_back(prefix);
    }
  }
  query.tags.assign(proto.tags().begin(), proto.tags().end());
  query.themes.assign(proto.themes().begin(), proto.themes().end());
  if (proto.text_query().size() > 200) {
    violations.Add(absl::StrCat(field, ".text_query"),
                   "is longer than 200 bytes");
  }
  query.text = proto.text_query();
  query.source_systems.assign(proto.source_systems().begin(),
                              proto.source_systems().end());
  if (proto.has_min_mention_weight()) {
    query.min_mention_weight = proto.min_mention_weight();
  }
  return parts;
}

void IntervalToProto(const Interval& interval, type::v1::Interval* proto) {
  proto->set_lower(interval.lower);
  proto->set_upper(interval.upper);
  proto->set_confidence_level(interval.confidence_level);
  switch (interval.method) {
    case IntervalMethod::kBootstrap:
      proto->set_method(type::v1::INTERVAL_METHOD_BOOTSTRAP);
      break;
    case IntervalMethod::kNormalApproximation:
      proto->set_method(type::v1::INTERVAL_METHOD_NORMAL_APPROXIMATION);
      break;
    case IntervalMethod::kUnspecified:
      break;
  }
  proto->set_draws(interval.draws);
}

// What a summary's events cover, and where the gaps are.
void CoverageToProto(const EventCoverage& coverage, v1::EventCoverage* out) {
  out->set_event_count(coverage.event_count);
  if (coverage.first_event_date) {
    DateToProto(*coverage.first_event_date, out->mutable_first_event_date());
  }
  if (coverage.last_event_date) {
    DateToProto(*coverage.last_event_date, out->mutable_last_event_date());
  }
  out->set_bucket_count(coverage.bucket_count);
  out->set_empty_bucket_count(coverage.empty_bucket_count);
  out->mutable_empty_bucket_labels()->Add(coverage.empty_bucket_labels.begin(),
                                          coverage.empty_bucket_labels.end());
  out->set_imprecise_event_count(coverage.imprecise_event_count);
}

void BucketToProto(const EventBucketSummary& bucket,
                   v1::EventBucketSummary* proto) {
  proto->set_label(bucket.label);
  if (bucket.period.has_value()) {
    PeriodToProto(*bucket.period, proto->mutable_period());
  }
  DateToProto(bucket.start_date, proto->mutable_start_date());
  DateToProto(bucket.end_date, proto->mutable_end_date());
  proto->set_event_count(bucket.event_count);
  proto->set_empty(bucket.empty);
  proto->set_mention_weight_sum(bucket.mention_weight_sum);
  for (const QuadClassCount& c : bucket.quad_class_counts) {
    v1::QuadClassCount* out = proto->add_quad_class_counts();
    out->set_quad_class(QuadClassToProto(c.quad_class));
    out->set_event_count(c.event_count);
    out->set_mention_weight_sum(c.mention_weight_sum);
  }
  for (const DomainCount& c : bucket.domain_counts) {
    v1::DomainCount* out = proto->add_domain_counts();
    out->set_domain(DomainToProto(c.domain));
    out->set_event_count(c.event_count);
    out->set_mention_weight_sum(c.mention_weight_sum);
  }
  if (bucket.mean_goldstein) proto->set_mean_goldstein(*bucket.mean_goldstein);
  if (bucket.mean_goldstein_interval) {
    IntervalToProto(*bucket.mean_goldstein_interval,
                    proto->mutable_mean_goldstein_interval());
  }
  if (bucket.unweighted_mean_goldstein) {
    proto->set_unweighted_mean_goldstein(*bucket.unweighted_mean_goldstein);
  }
  proto->set_goldstein_sum(bucket.goldstein_sum);
  if (bucket.cooperation_share) {
    proto->set_cooperation_share(*bucket.cooperation_share);
  }
  if (bucket.weighted_cooperation_share) {
    proto->set_weighted_cooperation_share(*bucket.weighted_cooperation_share);
  }
  for (const ThemeCount& t : bucket.theme_counts) {
    v1::ThemeCount* out = proto->add_theme_counts();
    out->set_theme(t.theme);
    out->set_event_count(t.event_count);
    if (t.share) out->set_share(*t.share);
  }
  if (bucket.first_event_date) {
    DateToProto(*bucket.first_event_date, proto->mutable_first_event_date());
  }
  if (bucket.last_event_date) {
    DateToProto(*bucket.last_event_date, proto->mutable_last_event_date());
  }
}

void MetricsToProto(const AlignmentMetrics& m, v1::AlignmentMetrics* proto) {
  proto->set_country_a(m.country_a);
  proto->set_country_b(m.country_b);
  proto->set_roll_calls(m.roll_calls);
  proto->set_joint_votes(m.joint_votes);
  proto->set_same_votes(m.same_votes);
  proto->set_one_abstained_votes(m.one_abstained_votes);
  proto->set_opposite_votes(m.opposite_votes);
  if (m.percent_agreement) proto->set_percent_agreement(*m.percent_agreement);
  if (m.percent_agreement_abstain_half) {
    proto->set_percent_agreement_abstain_half(
        *m.percent_agreement_abstain_half);
  }
  if (m.s_score) proto->set_s_score(*m.s_score);
  if (m.scotts_pi) proto->set_scotts_pi(*m.scotts_pi);
}

void AlignmentToProto(const VotingAlignment& a, v1::VotingAlignment* proto) {
  proto->set_label(a.label);
  PeriodToProto(a.period, proto->mutable_period());
  MetricsToProto(a.dyad_metrics, proto->mutable_dyad_metrics());
  if (a.reference_metrics) {
    MetricsToProto(*a.reference_metrics, proto->mutable_reference_metrics());
  }
  if (a.relative) {
    v1::AlignmentDifference* out = proto->mutable_relative();
    if (a.relative->percent_agreement) {
      out->set_percent_agreement(*a.relative->percent_agreement);
    }
    if (a.relative->percent_agreement_abstain_half) {
      out->set_percent_agreement_abstain_half(
          *a.relative->percent_agreement_abstain_half);
    }
    if (a.relative->s_score) out->set_s_score(*a.relative->s_score);
    if (a.relative->scotts_pi) out->set_scotts_pi(*a.relative->scotts_pi);
  }
}

// The event import's own options of `proto`.
ImportOptions EventImportOptionsFromProto(const v1::ImportEventsOptions& proto,
                                          FieldViolations& violations) {
  ImportOptions options;
  switch (proto.format()) {
    case v1::EVENT_FILE_FORMAT_GDELT1:
      options.format = EventFileFormat::kGdelt1;
      break;
    case v1::EVENT_FILE_FORMAT_GDELT2:
      options.format = EventFileFormat::kGdelt2;
      break;
    case v1::EVENT_FILE_FORMAT_DYADSCOPE_CSV:
      options.format = EventFileFormat::kDyadscopeCsv;
      break;
    case v1::EVENT_FILE_FORMAT_JSONL:
      options.format = EventFileFormat::kJsonLines;
      break;
    default:
      violations.Add("options.format",
                     "must be GDELT1, GDELT2, DYADSCOPE_CSV or JSONL");
  }
  if (proto.has_dyad_filter()) {
    options.dyad_filter =
        DyadFromProto(proto.dyad_filter(), "options.dyad_filter", violations);
  }
  return options;
}

// The event import's own response fields.
void EventImportExtrasToProto(const ImportResult& result,
                              v1::ImportEventsResponse* out) {
  out->set_bytes_read(result.bytes_read);
}

// The vote import's own options of `proto`.
ImportOptions VoteImportOptionsFromProto(const v1::ImportVotesOptions& proto,
                                         FieldViolations& violations) {
  if (proto.format() != v1::VOTE_FILE_FORMAT_UNGA_CSV) {
    violations.Add("options.format", "must be UNGA_CSV");
  }
  ImportOptions options;
  options.countries = records::Iso3ListFromProto(
      proto.country_codes(), "options.country_codes", violations);
  return options;
}

// The vote import's own response fields.
void VoteImportExtrasToProto(const ImportResult& result,
                             v1::ImportVotesResponse* out) {
  out->set_roll_calls(result.roll_calls);
}

// ImportEvents with the protobuf JSON reader for JSONL files (the domain
// does not parse protobuf JSON).
absl::StatusOr<ImportResult> ImportEventsWithJsonLines(
    EventsManager* manager, const ImportOptions& options, ChunkSource& chunks) {
  return manager->ImportEvents(options, chunks, EventFromJsonLine);
}

// ImportVotes of an upload, which comes without a table of the sources its
// source_id column names (see EventsManager::ImportVotes).
absl::StatusOr<ImportResult> ImportUploadedVotes(EventsManager* manager,
                                                 const ImportOptions& options,
                                                 ChunkSource& chunks) {
  return manager->ImportVotes(options, chunks);
}

}  // namespace

grpc::Status EventsServiceImpl::CreateEvents(
    grpc::ServerContext* context, const v1::CreateEventsRequest* request,
    v1::CreateEventsResponse* response) {
  return Serve(context, Access::kWrite, [&] {
    return records::ServeCreate(
        *request, request->events(), "events", EventFromProto, backend(),
        &EventsManager::CreateEvents,
        records::FillRecord(EventToProto, &v1::EventWriteResult::mutable_event),
        response);
  });
}

grpc::Status EventsServiceImpl::GetEvent(grpc::ServerContext* context,
                                         const v1::GetEventRequest* request,
                                         v1::GetEventResponse* response) {
  return Serve(context, Access::kRead, [&]() -> absl::Status {
    FieldViolations violations;
    std::optional<int64_t> id =
        ParseEventName(request->name(), "name", violations);
    DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());
    ReadOptions options = records::ReadOptionsFromProto(
        request->has_as_of_time(), request->as_of_time(),
        request->show_deleted());
    DYADSCOPE_ASSIGN_OR_RETURN(
        EventRead read,
        backend()->GetEvent(*id, options, request->include_history()));
    EventToProto(read.event, response->mutable_event());
    AppendEachToProto(read.history, VersionToProto,
                      response->mutable_history());
    response->set_data_version(read.data_version);
    return absl::OkStatus();
  });
}

grpc::Status EventsServiceImpl::ListEvents(grpc::ServerContext* context,
                                           const v1::ListEventsRequest* request,
                                           v1::ListEventsResponse* response) {
  return Serve(context, Access::kRead, [&] {
    FieldViolations violations;
    FilterParts filter =
        FilterFromProto(request->filter(), "filter", violations);
    return records::ServeList(*request, filter.query, violations, backend(),
                              &EventsManager::ListEvents, EventToProto,
                              response->mutable_events(), response);
  });
}

grpc::Status EventsServiceImpl::DeleteEvent(
    grpc::ServerContext* context, const v1::DeleteEventRequest* request,
    v1::DeleteEventResponse* response) {
  return Serve(context, Access::kWrite, [&]() -> absl::Status {
    FieldViolations violations;
    std::optional<int64_t> id =
        ParseEventName(request->name(), "name", violations);
    DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());
    std::optional<int64_t> expected;
    if (request->has_expected_version()) {
      expected = request->expected_version();
    }
    DYADSCOPE_ASSIGN_OR_RETURN(
        records::Versioned<Event> deleted,
        backend()->DeleteEvent(*id, expected, request->request_id()));
    EventToProto(deleted.value, response->mutable_event());
    response->set_data_version(deleted.data_version);
    return absl::OkStatus();
  });
}

grpc::Status EventsServiceImpl::ImportEvents(
    grpc::ServerContext* context,
    grpc::ServerReader<v1::ImportEventsRequest>* reader,
    v1::ImportEventsResponse* response) {
  return records::ServeImport(context, reader, response, kErrorDomain, policy(),
                              EventImportOptionsFromProto, backend(),
                              ImportEventsWithJsonLines,
                              EventImportExtrasToProto);
}

grpc::Status EventsServiceImpl::SummarizeEvents(
    grpc::ServerContext* context, const v1::SummarizeEventsRequest* request,
    v1::SummarizeEventsResponse* response) {
  return Serve(context, Access::kRead, [&]() -> absl::Status {
    FieldViolations violations;
    FilterParts filter =
        FilterFromProto(request->filter(), "filter", violations);
    SummarizeRequest summarize;
    summarize.query = filter.query;
    summarize.span_start = filter.start;
    summarize.span_end = filter.end;
    switch (request->bucket()) {
      case v1::SUMMARY_BUCKET_UNSPECIFIED:
        summarize.bucket = SummaryBucket::kNone;
        break;
      case v1::SUMMARY_BUCKET_YEAR:
        summarize.bucket = SummaryBucket::kYear;
        break;
      case v1::SUMMARY_BUCKET_QUARTER:
        summarize.bucket = SummaryBucket::kQuarter;
        break;
      case v1::SUMMARY_BUCKET_MONTH:
        summarize.bucket = SummaryBucket::kMonth;
        break;
      default:
        violations.Add("bucket", "must be YEAR, QUARTER or MONTH");
    }
    summarize.periods =
        PeriodsFromProto(request->periods(), "periods", violations);
    summarize.themes.assign(request->themes().begin(), request->themes().end());
    records::BootstrapFromProto(*request, summarize, violations);
    summarize.read = records::AsOfFromProto(*request);
    DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());
    if (!request->has_as_of_time()) {
      summarize.cache_key = SerializeDeterministic(*request);
    }
    DYADSCOPE_ASSIGN_OR_RETURN(SummarizeResult result,
                               backend()->Summarize(summarize));
    AppendEachToProto(result.summary.buckets, BucketToProto,
                      response->mutable_buckets());
    AppendEachToProto(result.summary.periods, BucketToProto,
                      response->mutable_periods());
    CoverageToProto(result.summary.coverage, response->mutable_coverage());
    response->set_lexicon_version(result.lexicon_version);
    response->set_sources_truncated(result.sources_truncated);
    records::SourcedAnswerToProto(result, response);
    return absl::OkStatus();
  });
}

grpc::Status EventsServiceImpl::WatchEvents(
    grpc::ServerContext* context, const v1::WatchEventsRequest* request,
    grpc::ServerWriter<v1::WatchEventsResponse>* writer) {
  if (auto refused = policy().Refusal(*context, Access::kRead, kErrorDomain)) {
    return *refused;
  }
  FieldViolations violations;
  FilterParts filter = FilterFromProto(request->filter(), "filter", violations);
  if (!violations.empty()) {
    return ToGrpcStatus(violations.ToStatus(), kErrorDomain);
  }
  std::optional<absl::Time> start;
  if (request->has_start_time()) start = TimeFromProto(request->start_time());
  absl::Status status = backend()->Watch(
      filter.query, start, request->resume_token(),
      [&](const WatchUpdate& update) {
        if (context->IsCancelled()) return false;
        v1::WatchEventsResponse message;
        if (update.change.has_value()) {
          message.set_change(WriteOutcomeToProto(update.change->change));
          EventToProto(update.change->event, message.mutable_event());
          TimeToProto(update.change->event.version.record_time,
                      message.mutable_record_time());
        }
        message.set_resume_token(update.resume_token);
        message.set_data_version(update.data_version);
        return writer->Write(message);
      });
  if (!status.ok()) return ToGrpcStatus(status, kErrorDomain);
  if (context->IsCancelled()) {
    return grpc::Status(grpc::StatusCode::CANCELLED, "the watcher left");
  }
  return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                      "the server is shutting down; resume with the last "
                      "resume_token");
}

grpc::Status EventsServiceImpl::ImportVotes(
    grpc::ServerContext* context,
    grpc::ServerReader<v1::ImportVotesRequest>* reader,
    v1::ImportVotesResponse* response) {
  return records::ServeImport(context, reader, response, kErrorDomain, policy(),
                              VoteImportOptionsFromProto, backend(),
                              ImportUploadedVotes, VoteImportExtrasToProto);
}

grpc::Status EventsServiceImpl::GetVotingAlignment(
    grpc::ServerContext* context, const v1::GetVotingAlignmentRequest* request,
    v1::GetVotingAlignmentResponse* response) {
  return Serve(context, Access::kRead, [&]() -> absl::Status {
    FieldViolations violations;
    AlignmentRequest alignment;
    if (!request->has_dyad()) {
      violations.Add("dyad", "is required");
    } else if (std::optional<Dyad> dyad =
                   DyadFromProto(request->dyad(), "dyad", violations)) {
      alignment.country_a = dyad->country_a;
      alignment.country_b = dyad->country_b;
    }
    if (!request->reference_country_code().empty()) {
      if (!LooksLikeIso3(request->reference_country_code())) {
        violations.Add("reference_country_code",
                       "must be an ISO 3166-1 alpha-3 code");
      } else if (request->reference_country_code() == alignment.country_a) {
        violations.Add("reference_country_code", "must differ from country_a");
      }
      alignment.reference_country = request->reference_country_code();
    }
    if (request->has_start_year()) {
      if (request->start_year() < 1 || request->start_year() > 9999) {
        violations.Add("start_year", "must be between 1 and 9999");
      }
      alignment.start_year = request->start_year();
    }
    if (request->has_end_year()) {
      if (request->end_year() < 1 || request->end_year() > 9999) {
        violations.Add("end_year", "must be between 1 and 9999");
      }
      alignment.end_year = request->end_year();
    }
    alignment.periods =
        PeriodsFromProto(request->periods(), "periods", violations);
    alignment.filter.important_only = request->important_votes_only();
    alignment.filter.exclude_amendments = request->exclude_amendments();
    alignment.filter.exclude_paragraphs = request->exclude_paragraph_votes();
    alignment.read = records::AsOfFromProto(*request);
    DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());
    DYADSCOPE_ASSIGN_OR_RETURN(AlignmentResult result,
                               backend()->GetVotingAlignment(alignment));
    AppendEachToProto(result.years, AlignmentToProto,
                      response->mutable_years());
    AppendEachToProto(result.periods, AlignmentToProto,
                      response->mutable_periods());
    response->set_reference_country_code(alignment.reference_country);
    records::SourcedAnswerToProto(result, response);
    return absl::OkStatus();
  });
}

}  // namespace dyadscope::events
