// File: common/util/versioned_cache.h
// -----------------------------------------------------------------------------
// A small least-recently-used cache of values read from a store, each valid
// for the store's data version it was read at (the version changes with
// every committed write, so a hit is exactly what a fresh read would give).
// For reads that load many records to compute one answer — an economics
// summary reads every trade observation of both countries, the voting
// alignment every roll call of both — and are asked again and again.
//
//   VersionedCache<std::vector<Vote>> cache(16);
//   const std::string version = store.DataVersion();
//   if (auto hit = cache.Get(key, version)) return hit;
//   auto value = std::make_shared<const std::vector<Vote>>(Load());
//   if (store.DataVersion() == version) cache.Put(key, version, value);
//
// (Put only when the version did not move during the load, so a value is
// never filed under a version it does not belong to.) Thread-safe.

#ifndef DYADSCOPE_COMMON_UTIL_VERSIONED_CACHE_H_
#define DYADSCOPE_COMMON_UTIL_VERSIONED_CACHE_H_

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace dyadscope {

template <typename Value>
class VersionedCache {
 public:
  // Holds at most `capacity` values; 0 disables the cache.
  explicit VersionedCache(size_t capacity) : capacity_(capacity) {}

  VersionedCache(const VersionedCache&) = delete;
  VersionedCache& operator=(const VersionedCache&) = delete;

  // The value stored for `key` at `version`, or null.
  std::shared_ptr<const Value> Get(const std::string& key,
                                   const std::string& version) {
    absl::MutexLock lock(&mu_);
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    if (it->second->version != version) {
      // Stale for good: versions only move forward.
      lru_.erase(it->second);
      index_.erase(it);
      return nullptr;
    }
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->value;
  }

  // Stores `value` for `key` at `version`, evicting the least recently used
  // value beyond the capacity.
  void Put(const std::string& key, const std::string& version,
           std::shared_ptr<const Value> value) {
    if (capacity_ == 0 || version.empty()) return;
    absl::MutexLock lock(&mu_);
    auto it = index_.find(key);
    if (it != index_.end()) {
      it->second->version = version;
      it->second->value = std::move(value);
      lru_.splice(lru_.begin(), lru_, it->second);
      return;
    }
    lru_.push_front(Entry{key, version, std::move(value)});
    index_[key] = lru_.begin();
    while (lru_.size() > capacity_) {
      index_.erase(lru_.back().key);
      lru_.pop_back();
    }
  }

  size_t size() const {
    absl::MutexLock lock(&mu_);
    return lru_.size();
  }

 private:
  struct Entry {
    std::string key;
    std::string version;
    std::shared_ptr<const Value> value;
  };

  const size_t capacity_;
  mutable absl::Mutex mu_;
  std::list<Entry> lru_ ABSL_GUARDED_BY(mu_);  // most recent first
  absl::flat_hash_map<std::string, typename std::list<Entry>::iterator> index_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_UTIL_VERSIONED_CACHE_H_
