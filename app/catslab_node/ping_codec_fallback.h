// Registers wire codecs for the ping stack's messages unless protocols/ping
// already did (see ping_codec_fallback.cpp). Call from main(), after static
// initialisation. Built only when protocols/ping exists
// (CATSLAB_NODE_PING_FALLBACK).
#pragma once

namespace catslab::node {
void registerPingCodecsIfMissing();
}
