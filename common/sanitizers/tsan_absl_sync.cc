// File: common/sanitizers/tsan_absl_sync.cc
// -----------------------------------------------------------------------------
// ThreadSanitizer annotations for Debian's Abseil synchronization library,
// linked into every executable of a -DDYADSCOPE_SANITIZE=thread build only.
//
// Debian's libabsl_synchronization.so is not built with -fsanitize=thread,
// so TSan cannot see that absl::Mutex, absl::CondVar, absl::Notification or
// absl::BlockingCounter order memory: every field guarded by an absl::Mutex
// would be reported as a race. This file defines those entry points in the
// executable, which the dynamic linker then binds ahead of the library for
// our code, gRPC and Abseil itself; each calls the library's own function
// (found with dlsym(RTLD_NEXT)) and tells TSan the happens-before edge it
// makes (__tsan_acquire after taking a lock, __tsan_release before giving
// it up). Nothing else changes: the library still does the locking.

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

extern "C" {
void __tsan_acquire(void* addr);
void __tsan_release(void* addr);
}

namespace {

// Returns the library's definition of `symbol` (its mangled name), which
// this file shadows; aborts when there is none.
template <typename Function>
Function Real(const char* symbol) {
  void* address = dlsym(RTLD_NEXT, symbol);
  if (address == nullptr) {
    std::fprintf(stderr, "tsan_absl_sync: no %s in the loaded libraries\n",
                 symbol);
    std::abort();
  }
  return reinterpret_cast<Function>(address);
}

// The function pointer types of the shadowed members, `this` first (the
// Itanium C++ ABI passes it as the first argument).
using MutexFn = void (*)(absl::Mutex*);
using MutexTryFn = bool (*)(absl::Mutex*);
using MutexCondFn = void (*)(absl::Mutex*, const absl::Condition*);
using MutexCondTimeoutFn = bool (*)(absl::Mutex*, const absl::Condition*,
                                    absl::Duration);
using MutexCondDeadlineFn = bool (*)(absl::Mutex*, const absl::Condition*,
                                     absl::Time);
using CondVarWaitFn = void (*)(absl::CondVar*, absl::Mutex*);
using CondVarTimeoutFn = bool (*)(absl::CondVar*, absl::Mutex*, absl::Duration);
using CondVarDeadlineFn = bool (*)(absl::CondVar*, absl::Mutex*, absl::Time);
using NotifyFn = void (*)(absl::Notification*);
using WaitNotificationFn = void (*)(const absl::Notification*);
using WaitNotificationTimeoutFn = bool (*)(const absl::Notification*,
                                           absl::Duration);
using WaitNotificationDeadlineFn = bool (*)(const absl::Notification*,
                                            absl::Time);
using CounterFn = bool (*)(absl::BlockingCounter*);
using CounterWaitFn = void (*)(absl::BlockingCounter*);

void* Address(const void* object) { return const_cast<void*>(object); }

// Notification::HasBeenNotified() is inline (compiled, instrumented, in our
// code): it loads the atomic flag that follows the Notification's Mutex, so
// Notify() also releases at that address.
void* NotifiedFlag(const absl::Notification* notification) {
  static_assert(sizeof(absl::Notification) > sizeof(absl::Mutex),
                "absl::Notification is a Mutex and then its flag");
  return Address(reinterpret_cast<const char*>(notification) +
                 sizeof(absl::Mutex));
}

// A condition evaluated as though under the Mutex. Abseil may evaluate a
// waiter's condition on another thread: the one that unlocks, inside the
// library's Unlock, after the shim's __tsan_release. Reads the condition
// makes there (often of the waiter's stack: a lambda and what it captures)
// would then be ordered before nothing, and the waiter's next write to that
// memory, after it wakes, would be reported as a race. Wrapping each
// condition with an acquire before and a release after its evaluation puts
// the evaluation inside the happens-before chain of the Mutex, whichever
// thread runs it.
struct GuardedCondition {
  const absl::Condition* condition;
  absl::Mutex* mu;
};

// The waiter holds the Mutex when it hands the condition to the library
// (Await; LockWhen is Lock and Await) and releases it first, so what it
// wrote before waiting (the condition, its captures) is ordered before any
// evaluation.
bool EvalGuarded(GuardedCondition* guarded) {
  __tsan_acquire(guarded->mu);
  const bool result = guarded->condition->Eval();
  __tsan_release(guarded->mu);
  return result;
}

}  // namespace

// The mangled names are those of Debian 12's Abseil 20220623
// (inline namespace debian3).
#define DYADSCOPE_ABSL_SYMBOL(name) "_ZN4absl7debian3" name

namespace absl {
ABSL_NAMESPACE_BEGIN

void Mutex::Lock() {
  static const auto real =
      Real<MutexFn>(DYADSCOPE_ABSL_SYMBOL("5Mutex4LockEv"));
  real(this);
  __tsan_acquire(this);
}

void Mutex::ReaderLock() {
  static const auto real =
      Real<MutexFn>(DYADSCOPE_ABSL_SYMBOL("5Mutex10ReaderLockEv"));
  real(this);
  __tsan_acquire(this);
}

bool Mutex::TryLock() {
  static const auto real =
      Real<MutexTryFn>(DYADSCOPE_ABSL_SYMBOL("5Mutex7TryLockEv"));
  const bool locked = real(this);
  if (locked) __tsan_acquire(this);
  return locked;
}

bool Mutex::ReaderTryLock() {
  static const auto real =
      Real<MutexTryFn>(DYADSCOPE_ABSL_SYMBOL("5Mutex13ReaderTryLockEv"));
  const bool locked = real(this);
  if (locked) __tsan_acquire(this);
  return locked;
}

void Mutex::Unlock() {
  static const auto real =
      Real<MutexFn>(DYADSCOPE_ABSL_SYMBOL("5Mutex6UnlockEv"));
  __tsan_release(this);
  real(this);
}

void Mutex::ReaderUnlock() {
  static const auto real =
      Real<MutexFn>(DYADSCOPE_ABSL_SYMBOL("5Mutex12ReaderUnlockEv"));
  __tsan_release(this);
  real(this);
}

// LockWhen is Lock and then Await (as Abseil documents it): taken that way,
// the condition is only ever evaluated while the waiter's writes are
// ordered before it by the Mutex (see Await).
void Mutex::LockWhen(const Condition& cond) {
  Lock();
  Await(cond);
}

void Mutex::ReaderLockWhen(const Condition& cond) {
  ReaderLock();
  Await(cond);
}

bool Mutex::LockWhenWithTimeout(const Condition& cond, Duration timeout) {
  Lock();
  return AwaitWithTimeout(cond, timeout);
}

bool Mutex::LockWhenWithDeadline(const Condition& cond, Time deadline) {
  Lock();
  return AwaitWithDeadline(cond, deadline);
}

bool Mutex::ReaderLockWhenWithTimeout(const Condition& cond, Duration timeout) {
  ReaderLock();
  return AwaitWithTimeout(cond, timeout);
}

bool Mutex::ReaderLockWhenWithDeadline(const Condition& cond, Time deadline) {
  ReaderLock();
  return AwaitWithDeadline(cond, deadline);
}

// Await releases the lock while it waits and holds it again on return.
void Mutex::Await(const Condition& cond) {
  static const auto real = Real<MutexCondFn>(
      DYADSCOPE_ABSL_SYMBOL("5Mutex5AwaitERKNS0_9ConditionE"));
  GuardedCondition state{&cond, this};
  const Condition guarded(&EvalGuarded, &state);
  __tsan_release(this);
  real(this, &guarded);
  __tsan_acquire(this);
}

bool Mutex::AwaitWithTimeout(const Condition& cond, Duration timeout) {
  static const auto real = Real<MutexCondTimeoutFn>(DYADSCOPE_ABSL_SYMBOL(
      "5Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_8DurationE"));
  GuardedCondition state{&cond, this};
  const Condition guarded(&EvalGuarded, &state);
  __tsan_release(this);
  const bool result = real(this, &guarded, timeout);
  __tsan_acquire(this);
  return result;
}

bool Mutex::AwaitWithDeadline(const Condition& cond, Time deadline) {
  static const auto real = Real<MutexCondDeadlineFn>(DYADSCOPE_ABSL_SYMBOL(
      "5Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE"));
  GuardedCondition state{&cond, this};
  const Condition guarded(&EvalGuarded, &state);
  __tsan_release(this);
  const bool result = real(this, &guarded, deadline);
  __tsan_acquire(this);
  return result;
}

void CondVar::Wait(Mutex* mu) {
  static const auto real =
      Real<CondVarWaitFn>(DYADSCOPE_ABSL_SYMBOL("7CondVar4WaitEPNS0_5MutexE"));
  __tsan_release(mu);
  real(this, mu);
  __tsan_acquire(mu);
}

bool CondVar::WaitWithTimeout(Mutex* mu, Duration timeout) {
  static const auto real = Real<CondVarTimeoutFn>(DYADSCOPE_ABSL_SYMBOL(
      "7CondVar15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE"));
  __tsan_release(mu);
  const bool result = real(this, mu, timeout);
  __tsan_acquire(mu);
  return result;
}

bool CondVar::WaitWithDeadline(Mutex* mu, Time deadline) {
  static const auto real = Real<CondVarDeadlineFn>(DYADSCOPE_ABSL_SYMBOL(
      "7CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE"));
  __tsan_release(mu);
  const bool result = real(this, mu, deadline);
  __tsan_acquire(mu);
  return result;
}

void Notification::Notify() {
  static const auto real =
      Real<NotifyFn>(DYADSCOPE_ABSL_SYMBOL("12Notification6NotifyEv"));
  __tsan_release(this);
  __tsan_release(NotifiedFlag(this));
  real(this);
}

void Notification::WaitForNotification() const {
  static const auto real = Real<WaitNotificationFn>(
      "_ZNK4absl7debian312Notification19WaitForNotificationEv");
  real(this);
  __tsan_acquire(Address(this));
}

bool Notification::WaitForNotificationWithTimeout(Duration timeout) const {
  static const auto real = Real<WaitNotificationTimeoutFn>(
      "_ZNK4absl7debian312Notification30WaitForNotificationWithTimeoutENS0_"
      "8DurationE");
  const bool notified = real(this, timeout);
  if (notified) __tsan_acquire(Address(this));
  return notified;
}

bool Notification::WaitForNotificationWithDeadline(Time deadline) const {
  static const auto real = Real<WaitNotificationDeadlineFn>(
      "_ZNK4absl7debian312Notification31WaitForNotificationWithDeadlineENS0_"
      "4TimeE");
  const bool notified = real(this, deadline);
  if (notified) __tsan_acquire(Address(this));
  return notified;
}

bool BlockingCounter::DecrementCount() {
  static const auto real = Real<CounterFn>(
      DYADSCOPE_ABSL_SYMBOL("15BlockingCounter14DecrementCountEv"));
  __tsan_release(this);
  return real(this);
}

void BlockingCounter::Wait() {
  static const auto real =
      Real<CounterWaitFn>(DYADSCOPE_ABSL_SYMBOL("15BlockingCounter4WaitEv"));
  real(this);
  __tsan_acquire(this);
}

ABSL_NAMESPACE_END
}  // namespace absl
