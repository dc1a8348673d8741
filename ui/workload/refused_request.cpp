#include "ui/workload/refused_request.h"

namespace catslab::ui::workload {

namespace {
// Simulation::command's refusal, after the process's name and the operation's.
constexpr std::string_view kRefusedFailed = ": request failed: node ";
constexpr std::string_view kRefusedDown = " is down";
}  // namespace

trace::Record refusedRequest(const std::string& client, const std::string& node) {
  trace::Record r;
  r.mutable_log()->set_level("warning");
  r.mutable_log()->set_text(client + std::string(kRefusedFailed) + node +
                            std::string(kRefusedDown));
  return r;
}

std::optional<std::string> refusedRequestNode(const trace::Record& r) {
  if (!r.has_log() || r.log().level() != "warning" || !r.node().empty()) return std::nullopt;
  const std::string_view text = r.log().text();
  const std::size_t at = text.find(kRefusedFailed);
  if (at == std::string_view::npos || !text.ends_with(kRefusedDown)) return std::nullopt;
  const std::size_t from = at + kRefusedFailed.size();
  if (from + kRefusedDown.size() >= text.size()) return std::nullopt;
  const std::string_view node = text.substr(from, text.size() - kRefusedDown.size() - from);
  if (node.find(' ') != std::string_view::npos) return std::nullopt;
  return std::string(node);
}

}  // namespace catslab::ui::workload
