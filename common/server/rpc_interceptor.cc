#include "common/server/rpc_interceptor.h"

#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/logging/log.h"
#include "common/metrics/server_metrics.h"
#include "common/status/error_details.h"
#include "common/status/grpc_status.h"
#include "google/protobuf/stubs/logging.h"
#include "grpcpp/server_context.h"

namespace dyadscope {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

constexpr absl::string_view kRequestIdKey = "x-request-id";

RpcType ToRpcType(ServerRpcInfo::Type type) {
  switch (type) {
    case ServerRpcInfo::Type::UNARY:
      return RpcType::kUnary;
    case ServerRpcInfo::Type::CLIENT_STREAMING:
      return RpcType::kClientStream;
    case ServerRpcInfo::Type::SERVER_STREAMING:
      return RpcType::kServerStream;
    case ServerRpcInfo::Type::BIDI_STREAMING:
      return RpcType::kBidiStream;
  }
  return RpcType::kUnary;
}

// The field named by protobuf's last "invalid UTF-8" complaint on this
// thread. gRPC's synchronous server parses a request on the thread that then
// runs the interceptor's POST_RECV_MESSAGE hook, which takes it from here.
thread_local std::string invalid_utf8_field;

// Protobuf's log lines become JSON log lines; an invalid UTF-8 complaint
// ("String field 'pkg.Message.field' contains invalid UTF-8 data when
// parsing a protocol buffer...") also records the field for the
// interceptor. The line never holds the payload.
void ProtobufLogHandler(google::protobuf::LogLevel level, const char* file,
                        int line, const std::string& message) {
  constexpr absl::string_view kPrefix = "String field '";
  absl::string_view text = message;
  if (absl::ConsumePrefix(&text, kPrefix) &&
      absl::StrContains(text, "invalid UTF-8")) {
    invalid_utf8_field = std::string(text.substr(0, text.find('\'')));
  }
  const log::Level severity = level >= google::protobuf::LOGLEVEL_ERROR
                                  ? log::Level::kError
                                  : log::Level::kWarning;
  log::Write(severity, "protobuf",
             {log::Field("detail", message), log::Field("file", file),
              log::Field("line", line)});
}

std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

class RpcInterceptor : public grpc::experimental::Interceptor {
 public:
  RpcInterceptor(ServerRpcInfo* info, const std::string* service_name,
                 ServerMetrics* metrics, absl::Duration fault_delay)
      : info_(info),
        service_name_(service_name),
        metrics_(metrics),
        fault_delay_(fault_delay),
        type_(ToRpcType(info->type())),
        start_(absl::Now()) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* metadata = methods->GetRecvInitialMetadata();
      absl::string_view incoming;
      if (metadata != nullptr) {
        auto it = metadata->find(std::string(kRequestIdKey));
        if (it != metadata->end()) {
          incoming = absl::string_view(it->second.data(), it->second.size());
        }
      }
      request_id_ = ChooseRequestId(incoming);
      if (metrics_ != nullptr) metrics_->RecordStarted(info_->method(), type_);
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr && !unparsed_) {
      // The request's bytes did not parse as the request message.
      unparsed_ = true;
      unparsed_field_ = std::move(invalid_utf8_field);
      invalid_utf8_field.clear();
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        !fault_applied_ && fault_delay_ > absl::ZeroDuration()) {
      fault_applied_ = true;
      absl::SleepFor(fault_delay_);
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      // The request id goes back in the trailers, not the headers: adding
      // headers would turn an error answer into a non-"trailers-only"
      // response, which clients may no longer retry transparently.
      auto* trailers = methods->GetSendTrailingMetadata();
      if (trailers != nullptr && !request_id_.empty()) {
        trailers->emplace(std::string(kRequestIdKey), request_id_);
      }
      if (unparsed_ &&
          methods->GetSendStatus().error_code() == grpc::StatusCode::INTERNAL) {
        methods->ModifySendStatus(UnparsedRequestStatus());
      }
      Finish(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  // gRPC answers a request it cannot parse with INTERNAL and no message;
  // the client sent it, so it is INVALID_ARGUMENT, naming the field when
  // protobuf named one.
  grpc::Status UnparsedRequestStatus() const {
    std::string field = unparsed_field_;
    const size_t dot = field.rfind('.');
    if (dot != std::string::npos) field = field.substr(dot + 1);
    absl::Status status =
        field.empty()
            ? InvalidField("request",
                           "is not a valid request message of this method "
                           "(malformed protobuf bytes)")
            : InvalidField(
                  field,
                  absl::StrCat("holds invalid UTF-8 (field ", unparsed_field_,
                               "); string fields must be UTF-8, "
                               "raw bytes need a bytes field"));
    return ToGrpcStatus(WithReason(status, "UNPARSABLE_REQUEST"),
                        absl::StrCat(*service_name_, ".dyadscope"));
  }

  void Finish(grpc::StatusCode code) {
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
    const std::string code_name = CodeName(code);
    if (metrics_ != nullptr) {
      metrics_->RecordHandled(info_->method(), type_, code_name, seconds);
    }
    std::string peer;
    if (info_->server_context() != nullptr) {
      peer = info_->server_context()->peer();
    }
    log::Level level = log::Level::kInfo;
    if (code == grpc::StatusCode::INTERNAL ||
        code == grpc::StatusCode::DATA_LOSS ||
        code == grpc::StatusCode::UNKNOWN) {
      level = log::Level::kError;
    }
    log::Write(
        level, "rpc",
        {log::Field("service", *service_name_),
         log::Field("method", info_->method()), log::Field("code", code_name),
         log::Field("latency_ms", seconds * 1000.0), log::Field("peer", peer),
         log::Field("request_id", request_id_)});
  }

  ServerRpcInfo* info_;
  const std::string* service_name_;
  ServerMetrics* metrics_;
  absl::Duration fault_delay_;
  RpcType type_;
  absl::Time start_;
  std::string request_id_;
  bool fault_applied_ = false;
  bool unparsed_ = false;
  std::string unparsed_field_;
};

}  // namespace

absl::StatusOr<FaultRule> ParseFaultRule(absl::string_view text) {
  std::pair<absl::string_view, absl::string_view> parts =
      absl::StrSplit(text, absl::MaxSplits('=', 1));
  if (parts.first.empty() || parts.second.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "fault rule \"", text, "\" is not of the form METHOD=delay:DURATION"));
  }
  FaultRule rule;
  rule.method = std::string(parts.first);
  if (!absl::ConsumePrefix(&parts.second, "delay:") ||
      !absl::ParseDuration(parts.second, &rule.delay) ||
      rule.delay < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "fault rule \"", text,
        "\" needs delay:DURATION with a non-negative duration such as 2s"));
  }
  return rule;
}

std::string ChooseRequestId(absl::string_view incoming) {
  bool usable = !incoming.empty() && incoming.size() <= 128;
  for (char c : incoming) {
    if (c < 0x21 || c > 0x7E) usable = false;
  }
  if (usable) return std::string(incoming);
  static absl::BitGen* const kGen = new absl::BitGen();
  static absl::Mutex* const kMu = new absl::Mutex();
  absl::MutexLock lock(kMu);
  return absl::StrFormat("%016x%016x", absl::Uniform<uint64_t>(*kGen),
                         absl::Uniform<uint64_t>(*kGen));
}

RpcInterceptorFactory::RpcInterceptorFactory(std::string service_name,
                                             ServerMetrics* metrics,
                                             std::vector<FaultRule> faults)
    : service_name_(std::move(service_name)),
      metrics_(metrics),
      faults_(std::move(faults)) {
  static std::once_flag once;
  std::call_once(once,
                 [] { google::protobuf::SetLogHandler(&ProtobufLogHandler); });
}

grpc::experimental::Interceptor* RpcInterceptorFactory::CreateServerInterceptor(
    ServerRpcInfo* info) {
  absl::Duration delay = absl::ZeroDuration();
  absl::string_view method = info->method();
  for (const FaultRule& rule : faults_) {
    if (method == rule.method ||
        absl::EndsWith(method, absl::StrCat("/", rule.method))) {
      delay = rule.delay;
    }
  }
  return new RpcInterceptor(info, &service_name_, metrics_, delay);
}

}  // namespace dyadscope
