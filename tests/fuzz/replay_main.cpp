// A replay driver for a fuzz target outside libFuzzer: runs every file named
// on the command line (files, or directories whose regular files are all run,
// in name order) through LLVMFuzzerTestOneInput once. A crash, a failed
// FUZZ_CHECK or a sanitizer report ends the process abnormally, which fails
// the CTest test; a hang is caught by the test's timeout.
//
// A directory that does not exist contributes no inputs (a target may have
// no regressions yet), but a run with no input at all is an error, so that a
// misplaced corpus cannot pass silently.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputsUnder(const fs::path& path) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    out.push_back(path);
  } else if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      if (entry.is_regular_file() && entry.path().filename().string().front() != '.')
        out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
    return 2;
  }
  std::size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    const std::vector<fs::path> inputs = inputsUnder(argv[i]);
    for (const fs::path& input : inputs) {
      std::ifstream in(input, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "%s: cannot read\n", input.c_str());
        return 2;
      }
      const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      // An exact-size copy, so that a sanitizer sees any read past the input.
      auto copy = std::make_unique<std::uint8_t[]>(bytes.size() + (bytes.empty() ? 1 : 0));
      std::copy(bytes.begin(), bytes.end(), copy.get());
      std::fprintf(stderr, "replaying %s (%zu bytes)\n", input.c_str(), bytes.size());
      LLVMFuzzerTestOneInput(copy.get(), bytes.size());
      ++replayed;
    }
    std::printf("%s: %zu inputs\n", argv[i], inputs.size());
  }
  if (replayed == 0) {
    std::fprintf(stderr, "no inputs found: nothing was replayed\n");
    return 1;
  }
  std::printf("%zu inputs replayed, none crashed\n", replayed);
  return 0;
}
