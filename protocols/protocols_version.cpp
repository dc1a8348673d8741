// Anchors libcatslab_protocols (every stack registers itself from its own file).
namespace catslab::protocols {
const char* version() { return "0.1"; }
}  // namespace catslab::protocols
