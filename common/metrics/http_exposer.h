// File: common/metrics/http_exposer.h
// -----------------------------------------------------------------------------
// A small HTTP/1.x server that answers GET /metrics with the Prometheus text
// exposition of a prometheus::Registry (prometheus-cpp core). It replaces
// prometheus-cpp's civetweb exposer, which needs up to two seconds to stop;
// a server that drains on SIGTERM should stop as soon as its calls are done.
// Requests are answered one at a time on one thread, which is what a scrape
// every few seconds needs.

#ifndef DYADSCOPE_COMMON_METRICS_HTTP_EXPOSER_H_
#define DYADSCOPE_COMMON_METRICS_HTTP_EXPOSER_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace prometheus {
class Registry;
}  // namespace prometheus

namespace dyadscope {

class HttpExposer {
 public:
  // Binds `listen_address` ("host:port", IPv4 or [IPv6]; port 0 picks a free
  // port) and starts serving `registry`. Returns INVALID_ARGUMENT for a
  // malformed address and UNAVAILABLE when it cannot be bound.
  static absl::StatusOr<std::unique_ptr<HttpExposer>> Start(
      const std::string& listen_address,
      std::shared_ptr<prometheus::Registry> registry);

  // Stops serving and joins the thread; returns promptly.
  ~HttpExposer();

  HttpExposer(const HttpExposer&) = delete;
  HttpExposer& operator=(const HttpExposer&) = delete;

  int port() const { return port_; }

 private:
  HttpExposer(int listen_fd, int port, int wake_read, int wake_write,
              std::shared_ptr<prometheus::Registry> registry);
  void Serve();
  void HandleConnection(int fd);

  int listen_fd_;
  int port_;
  int wake_read_;
  int wake_write_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::thread thread_;
};

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_METRICS_HTTP_EXPOSER_H_
