// An empty library still needs one source.
namespace catslab::cats {
const char* catsVersion() { return "0.1"; }
}  // namespace catslab::cats
