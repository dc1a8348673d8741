// The cats stack's console: put/get/del run as client operations with this
// node as coordinator; ring, views, group, leave and status show and steer
// the node. Every answer carries the command's id.
#include <algorithm>

#include "cats/core/cats_node.h"
#include "cats/core/placement.h"

namespace catslab::cats {

bool CatsNode::handleCommand(const protocols::CommandLine& cmd, std::uint64_t id) {
  const auto usage = [&](const char* text) {
    replyError(std::string("usage: ") + text, id);
    return true;
  };
  if (cmd.verb == "put" || cmd.verb == "get" || cmd.verb == "del") {
    Operation op;
    op.fromConsole = true;
    op.consoleId = id;
    if (cmd.verb == "put") {
      if (cmd.args.size() < 2) return usage("put <key> <value>");
      op.kind = KvKind::Put;
      op.key = cmd.args[0];
      // The value is the rest of the line after the key (it may hold spaces).
      const auto at = cmd.rest.find(op.key) + op.key.size();
      op.value = cmd.rest.substr(cmd.rest.find_first_not_of(" \t", at));
    } else {
      if (cmd.args.size() != 1) return usage(cmd.verb == "get" ? "get <key>" : "del <key>");
      op.kind = cmd.verb == "get" ? KvKind::Get : KvKind::Delete;
      op.key = cmd.args[0];
    }
    startOperation(std::move(op));
  } else if (cmd.verb == "ring") {
    reply(ringText(), id);
  } else if (cmd.verb == "views") {
    reply(viewsText(), id);
  } else if (cmd.verb == "status") {
    reply(statusText(), id);
  } else if (cmd.verb == "group") {
    if (cmd.args.size() != 1) return usage("group <key>");
    const std::string& key = cmd.args[0];
    const std::uint32_t slice = sliceOf(key, config_.slices);
    const View view = bestView(slice);
    std::set<std::string> ask(view.members.begin(), view.members.end());
    for (const auto& n : desired(slice)) ask.insert(n);
    std::string desiredText;
    for (const auto& n : desired(slice)) desiredText += " " + n;
    reply("key " + key + ": group " + std::to_string(slice) + ", view " +
              (view.vid ? view.describe() : std::string("unknown")) + ", ring says [" +
              (desiredText.empty() ? "" : desiredText.substr(1)) + "]; asking " +
              std::to_string(ask.size()) + " replicas",
          id);
    const std::uint64_t request = ++nextQuery_;
    groupQueries_[request] = GroupQuery{id, key, ask.size(), {}};
    for (const auto& n : ask) {
      send(std::make_shared<const VersionQuery>(self_, addressOf(n), slice, request, key));
    }
  } else if (cmd.verb == "watch" || cmd.verb == "unwatch") {
    if (cmd.args.size() != 1) return usage(cmd.verb == "watch" ? "watch <key>" : "unwatch <key>");
    const std::string& key = cmd.args[0];
    if (cmd.verb == "unwatch") {
      watched_.erase(key);
      reply("not watching " + key + " any more", id);
    } else if (watched_.size() >= kMaxWatchedKeys && !watched_.count(key)) {
      replyError("watch " + key + ": already watching " + std::to_string(kMaxWatchedKeys) +
                     " keys (unwatch one first)",
                 id);
    } else {
      watched_.insert(key);
      reply("watching " + key + ": this node's version of it is in its state as watch." + key, id);
    }
  } else if (cmd.verb == "leave") {
    if (leaving_) {
      reply("already leaving", id);
      return true;
    }
    leaving_ = true;
    note("leaving");
    for (const auto& n : live_) {
      if (n != self_.id) send(std::make_shared<const LeaveNotice>(self_, addressOf(n), true));
    }
    reply("leaving: handing my groups over; I will say 'left' when no group has me", id);
  } else {
    return false;
  }
  return true;
}

void CatsNode::onVersionReply(const VersionReply& m) {
  auto it = groupQueries_.find(m.request);
  if (it == groupQueries_.end()) return;
  std::string text =
      "  " + m.source.id + ": " + (m.view.vid ? m.view.describe() : std::string("no view")) + " " +
      toString(m.status) + ", " + (m.found ? describe(m.version) : std::string("no version"));
  reply(text, it->second.consoleId);
  if (--it->second.expected == 0) groupQueries_.erase(it);
}

std::vector<std::string> CatsNode::helpLines() const {
  return {"put <key> <value>  — write (linearizable; answers with the group, view and latency)",
          "get <key>  — read",
          "del <key>  — delete (a timestamped tombstone)",
          "ring  — live members in ring order, this node's predecessor and successors",
          "views  — the view and status of every group this node is in",
          "group <key>  — the key's group, its view, and each replica's version of the key",
          "watch <key>, unwatch <key>  — report (or stop reporting) this node's version of the "
          "key in its state, as watch.<key>",
          "leave  — leave gracefully: hand every group over, then say 'left'",
          "status  — counters"};
}

std::string CatsNode::ringText() const {
  auto nodes = placementNodes();
  std::sort(nodes.begin(), nodes.end(), [](const std::string& a, const std::string& b) {
    return nodePosition(a) < nodePosition(b);
  });
  std::string text = "ring (" + std::to_string(nodes.size()) + " live):";
  for (const auto& n : nodes) {
    text += " " + n + "@" + std::to_string(nodePosition(n));
    if (n == self_.id) text += "(me)";
  }
  if (!leavers_.empty()) {
    text += "; leaving:";
    for (const auto& n : leavers_) text += " " + n;
  }
  return text;
}

std::string CatsNode::viewsText() const {
  std::size_t ready = 0, joining = 0;
  std::string text;
  for (const auto& [slice, g] : groups_) {
    if (g.status != GroupStatus::Ready && g.status != GroupStatus::Joining) continue;
    (g.status == GroupStatus::Ready ? ready : joining)++;
    text += "\n  group " + std::to_string(slice) + ": " + g.view.describe() + " " +
            toString(g.status) + ", " + std::to_string(store_->count(slice)) + " keys";
  }
  return "member of " + std::to_string(ready + joining) + " groups (" + std::to_string(ready) +
         " ready, " + std::to_string(joining) + " joining)" + text;
}

std::string CatsNode::statusText() const {
  return "node " + self_.id + " ring position " + std::to_string(nodePosition(self_.id)) + "; " +
         std::to_string(live_.size()) + " live nodes; operations: " + std::to_string(completed_) +
         " ok, " + std::to_string(failed_) + " failed, " + std::to_string(operations_.size()) +
         " pending; views installed " + std::to_string(viewsInstalled_) + ", proposals " +
         std::to_string(proposals_) + "; store syncs " + std::to_string(store_->syncs()) +
         (leaving_ ? "; leaving" : "");
}

// Redis INFO style: "key:value" lines, a group's fields "k=v" joined by
// commas (members joined by '|', so no value holds a space or a comma).
std::string CatsNode::infoText() const {
  auto nodes = placementNodes();
  std::sort(nodes.begin(), nodes.end(), [](const std::string& a, const std::string& b) {
    return nodePosition(a) < nodePosition(b);
  });
  std::string ring;
  for (const auto& n : nodes)
    ring += (ring.empty() ? "" : ",") + n + "@" + std::to_string(nodePosition(n));
  std::size_t ready = 0, joining = 0, keys = 0;
  std::string groups;
  for (const auto& [slice, g] : groups_) {
    if (g.status != GroupStatus::Ready && g.status != GroupStatus::Joining) continue;
    (g.status == GroupStatus::Ready ? ready : joining)++;
    const std::size_t n = store_->count(slice);
    keys += n;
    std::string members;
    for (const auto& m : g.view.members) members += (members.empty() ? "" : "|") + m;
    groups += "group_" + std::to_string(slice) + ":view=" + std::to_string(g.view.vid) +
              ",members=" + members + ",status=" + toString(g.status) +
              ",keys=" + std::to_string(n) + "\n";
  }
  std::string leaving;
  for (const auto& n : leavers_) leaving += (leaving.empty() ? "" : ",") + n;
  return "ring_position:" + std::to_string(nodePosition(self_.id)) +
         "\nring_live_nodes:" + std::to_string(nodes.size()) + "\nring:" + ring +
         "\nring_leaving:" + leaving + "\nleaving:" + (leaving_ ? "1" : "0") +
         "\nslices:" + std::to_string(config_.slices) +
         "\nreplication:" + std::to_string(config_.replication) +
         "\ngroups:" + std::to_string(ready + joining) + "\ngroups_ready:" + std::to_string(ready) +
         "\ngroups_joining:" + std::to_string(joining) + "\nreplica_keys:" + std::to_string(keys) +
         "\noperations_ok:" + std::to_string(completed_) +
         "\noperations_failed:" + std::to_string(failed_) +
         "\noperations_pending:" + std::to_string(operations_.size()) +
         "\nviews_installed:" + std::to_string(viewsInstalled_) + "\n" + groups;
}

}  // namespace catslab::cats
