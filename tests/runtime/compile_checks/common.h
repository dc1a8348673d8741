// Shared declarations for the compile-time direction checks. Each snippet
// includes this and contains at most one line marked EXPECT-ERROR; the CTest
// driver (compile_check.cmake) requires the compiler to reject exactly that
// line, so a snippet that fails for an unrelated reason is reported too.
#pragma once

#include "runtime/component.h"

namespace rt = catslab::runtime;

struct Ask : rt::EventOf<Ask> {};
struct UrgentAsk : rt::EventOf<UrgentAsk, Ask> {};
struct Answer : rt::EventOf<Answer> {};
struct Unlisted : rt::EventOf<Unlisted> {};
struct Other : rt::EventOf<Other> {};

struct Service : rt::PortType<rt::Requests<Ask>, rt::Indications<Answer>> {};
struct OtherService : rt::PortType<rt::Requests<Ask>, rt::Indications<Answer>> {};
