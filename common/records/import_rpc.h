// File: common/records/import_rpc.h
// -----------------------------------------------------------------------------
// The gRPC side of every Import method (a client stream whose first message
// carries the options and the rest the file's chunks), written once: the
// write authorization, the options-first check, the options every import
// shares (request id, compression, rejections …), the upload stream handed
// to the domain, and the response fields every import answers with. A
// service's handler adds only its format and filter options and its own
// response fields.

#ifndef DYADSCOPE_COMMON_RECORDS_IMPORT_RPC_H_
#define DYADSCOPE_COMMON_RECORDS_IMPORT_RPC_H_

#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/csv/format_registry.h"
#include "common/csv/upload.h"
#include "common/records/record_import.h"
#include "common/server/auth.h"
#include "common/server/call_policy.h"
#include "common/server/upload_stream.h"
#include "common/status/error_details.h"
#include "common/status/grpc_status.h"
#include "common/types/type_proto_convert.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"
#include "grpcpp/support/sync_stream.h"

namespace dyadscope::records {

// Returns the shared options of an import options message (fields
// dry_run, atomic, request_id, source_label, compression, file_name,
// max_rejections), recording problems under "options.*".
template <typename OptionsProto>
UploadOptions UploadOptionsFromProto(const OptionsProto& proto,
                                     FieldViolations& violations) {
  UploadOptions options;
  options.dry_run = proto.dry_run();
  options.atomic = proto.atomic();
  if (proto.request_id().size() > 128) {
    violations.Add("options.request_id", "is longer than 128 characters");
  }
  options.request_id = proto.request_id();
  options.source_label = proto.source_label();
  options.compression = CompressionFromProto(proto.compression(),
                                             "options.compression", violations);
  options.file_name = proto.file_name();
  options.max_rejections = MaxRejections(proto.max_rejections(),
                                         "options.max_rejections", violations);
  return options;
}

// Returns `value` as the kind's format enum `Format` (numbered as the proto
// enum) when `is_valid(value)` (the generated *_IsValid) and `formats` (the
// kind's registry) has a row for it; otherwise records "must be A, B or C"
// (the registry's names) under options.format and returns Format{}.
template <typename Format, typename Parser, typename Options>
Format FormatFromProto(
    int value, bool (*is_valid)(int),
    const csv::FormatRegistry<Format, Parser, Options>& formats,
    FieldViolations& violations) {
  if (!is_valid(value) || !formats.Has(static_cast<Format>(value))) {
    violations.Add("options.format",
                   absl::StrCat("must be ", formats.NameList()));
    return Format{};
  }
  return static_cast<Format>(value);
}

// Records a violation under `field` when `code` is set but is no ISO
// 3166-1 alpha-3 code.
inline void CheckOptionalIso3(absl::string_view code, absl::string_view field,
                              FieldViolations& violations) {
  if (!code.empty() && !LooksLikeIso3(code)) {
    violations.Add(field, "must be an ISO 3166-1 alpha-3 code");
  }
}

// Returns the country list `codes` (field `field`), recording a violation
// under "<field>[i]" for each entry that is no ISO 3166-1 alpha-3 code.
inline std::vector<std::string> Iso3ListFromProto(
    const google::protobuf::RepeatedPtrField<std::string>& codes,
    absl::string_view field, FieldViolations& violations) {
  std::vector<std::string> countries;
  for (int i = 0; i < codes.size(); ++i) {
    if (!LooksLikeIso3(codes.Get(i))) {
      violations.Add(absl::StrCat(field, "[", i, "]"),
                     "must be an ISO 3166-1 alpha-3 code");
    }
    countries.push_back(codes.Get(i));
  }
  return countries;
}

// Sets the response fields every import answers with from `result`.
template <typename Response>
void ImportCountsToProto(const ImportCounts& result, Response* response) {
  response->set_rows_read(result.rows_read);
  response->set_imported(result.created + result.new_versions + result.deleted);
  response->set_created(result.created);
  response->set_new_versions(result.new_versions);
  response->set_duplicates(result.duplicates);
  response->set_filtered_out(result.filtered_out);
  response->set_rejected(result.rejected);
  for (const LineRejection& r : result.rejections) {
    RowRejectionToProto(r.line, r.rejection, response->add_rejections());
  }
  response->set_committed(result.committed);
  response->set_resumed(result.resumed);
  response->set_data_version(result.data_version);
}

// Serves one Import call: refuses a caller without write access, requires
// the options first, converts them (`options_from_proto(proto, violations)`
// reads the kind's own options into `Options`, an UploadOptions extension,
// recording problems; the shared ones are filled in here), runs
// `std::invoke(import, backend, options, chunks)` (an absl::StatusOr of an
// ImportCounts extension; `import` is usually a member function such as
// &EconomicsManager::ImportObservations) over the remaining chunks and
// answers with the shared fields plus what `fill_response(result,
// response)` adds. Errors are converted once, with ErrorInfo domain
// `domain`. `policy` (the service's CallPolicy) checks the write token and
// bounds the upload.
template <typename Request, typename Response, typename OptionsFromProto,
          typename Backend, typename Import, typename FillResponse>
grpc::Status ServeImport(grpc::ServerContext* context,
                         grpc::ServerReader<Request>* reader,
                         Response* response, absl::string_view domain,
                         const CallPolicy& policy,
                         const OptionsFromProto& options_from_proto,
                         Backend* backend, const Import& import,
                         const FillResponse& fill_response) {
  using OptionsProto =
      std::decay_t<decltype(std::declval<const Request&>().options())>;
  using Options = std::invoke_result_t<const OptionsFromProto&,
                                       const OptionsProto&, FieldViolations&>;
  static_assert(std::is_base_of_v<UploadOptions, Options>,
                "import options extend records::UploadOptions");
  if (auto refused = policy.Refusal(*context, Access::kWrite, domain)) {
    return *refused;
  }
  Request first;
  if (!reader->Read(&first) || !first.has_options()) {
    return ToGrpcStatus(
        InvalidField("options",
                     "the first message of an import must carry its options"),
        domain);
  }
  FieldViolations violations;
  Options options = options_from_proto(first.options(), violations);
  static_cast<UploadOptions&>(options) =
      UploadOptionsFromProto(first.options(), violations);
  if (!violations.empty()) return ToGrpcStatus(violations.ToStatus(), domain);
  UploadStream<Request> chunks(context, reader, policy.max_upload_bytes,
                               policy.max_decompressed_bytes);
  auto result =
      std::invoke(import, backend, options, static_cast<ChunkSource&>(chunks));
  if (!result.ok()) return ToGrpcStatus(result.status(), domain);
  ImportCountsToProto(*result, response);
  fill_response(*result, response);
  return grpc::Status::OK;
}

}  // namespace dyadscope::records

#endif  // DYADSCOPE_COMMON_RECORDS_IMPORT_RPC_H_
