#include "cats/store/memory_store.h"

#include <mutex>

namespace catslab::cats {

std::optional<Versioned> MemoryStore::get(std::uint32_t slice, std::string_view key) const {
  auto s = data_.find(slice);
  if (s == data_.end()) return std::nullopt;
  auto it = s->second.find(key);
  if (it == s->second.end()) return std::nullopt;
  return it->second;
}

void MemoryStore::stageKey(std::uint32_t slice, std::string_view key,
                           std::optional<Versioned> next) {
  Slice& s = data_[slice];
  auto it = s.find(key);
  std::optional<Versioned> before;
  if (it != s.end()) before = it->second;
  undo_.push_back(UndoKey{slice, std::string(key), std::move(before)});
  if (next) {
    if (it != s.end()) {
      it->second = std::move(*next);
    } else {
      s.emplace(std::string(key), std::move(*next));
    }
  } else if (it != s.end()) {
    s.erase(it);
  }
  if (s.empty()) data_.erase(slice);
}

void MemoryStore::put(std::uint32_t slice, std::string_view key, const Versioned& v) {
  stageKey(slice, key, v);
}

void MemoryStore::erase(std::uint32_t slice, std::string_view key) {
  stageKey(slice, key, std::nullopt);
}

void MemoryStore::eraseSlice(std::uint32_t slice) {
  Slice before;
  if (auto it = data_.find(slice); it != data_.end()) {
    before = std::move(it->second);
    data_.erase(it);
  }
  undo_.emplace_back(std::in_place_type<UndoSlice>, slice, std::move(before));
}

std::vector<std::pair<std::string, Versioned>> MemoryStore::scan(std::uint32_t slice) const {
  std::vector<std::pair<std::string, Versioned>> out;
  if (auto it = data_.find(slice); it != data_.end()) {
    out.assign(it->second.begin(), it->second.end());
  }
  return out;
}

std::size_t MemoryStore::count(std::uint32_t slice) const {
  auto it = data_.find(slice);
  return it == data_.end() ? 0 : it->second.size();
}

std::vector<std::uint32_t> MemoryStore::slices() const {
  std::vector<std::uint32_t> out;
  for (const auto& [slice, keys] : data_) {
    if (!keys.empty()) out.push_back(slice);
  }
  return out;
}

std::optional<std::string> MemoryStore::getMeta(std::string_view name) const {
  auto it = meta_.find(name);
  if (it == meta_.end()) return std::nullopt;
  return it->second;
}

void MemoryStore::stageMeta(std::string_view name, std::optional<std::string> next) {
  auto it = meta_.find(name);
  std::optional<std::string> before;
  if (it != meta_.end()) before = it->second;
  undo_.push_back(UndoMeta{std::string(name), std::move(before)});
  if (next) {
    if (it != meta_.end()) {
      it->second = std::move(*next);
    } else {
      meta_.emplace(std::string(name), std::move(*next));
    }
  } else if (it != meta_.end()) {
    meta_.erase(it);
  }
}

void MemoryStore::putMeta(std::string_view name, std::string_view bytes) {
  stageMeta(name, std::string(bytes));
}

void MemoryStore::eraseMeta(std::string_view name) { stageMeta(name, std::nullopt); }

std::vector<std::pair<std::string, std::string>> MemoryStore::scanMeta(
    std::string_view prefix) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto it = meta_.lower_bound(prefix); it != meta_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    out.emplace_back(it->first, it->second);
  }
  return out;
}

runtime::Status MemoryStore::commit() {
  if (undo_.empty()) return runtime::Status::ok();
  undo_.clear();
  ++syncs_;
  return runtime::Status::ok();
}

std::size_t MemoryStore::discardStaged() {
  const std::size_t lost = undo_.size();
  // Newest first, so that each entry restores the state it saw.
  for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) {
    if (auto* k = std::get_if<UndoKey>(&*it)) {
      Slice& s = data_[k->slice];
      if (k->before) {
        s.insert_or_assign(k->key, std::move(*k->before));
      } else {
        s.erase(k->key);
      }
      if (s.empty()) data_.erase(k->slice);
    } else if (auto* sl = std::get_if<UndoSlice>(&*it)) {
      if (sl->before.empty()) {
        data_.erase(sl->slice);
      } else {
        data_[sl->slice] = std::move(sl->before);
      }
    } else {
      auto& m = std::get<UndoMeta>(*it);
      if (m.before) {
        meta_.insert_or_assign(m.name, std::move(*m.before));
      } else {
        meta_.erase(m.name);
      }
    }
  }
  undo_.clear();
  return lost;
}

namespace {

struct Registry {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<MemoryStore>> stores;  // guarded by mutex
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

std::shared_ptr<MemoryStore> MemoryStores::open(const std::string& name) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  auto& store = r.stores[name];
  if (!store) store = std::make_shared<MemoryStore>();
  return store;
}

std::size_t MemoryStores::crash(const std::string& name) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  auto it = r.stores.find(name);
  return it == r.stores.end() ? 0 : it->second->discardStaged();
}

std::size_t MemoryStores::drop(const std::string& prefix) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  std::size_t dropped = 0;
  for (auto it = r.stores.lower_bound(prefix); it != r.stores.end();) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    it = r.stores.erase(it);
    ++dropped;
  }
  return dropped;
}

std::vector<std::string> MemoryStores::names() {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  std::vector<std::string> out;
  for (const auto& entry : r.stores) out.push_back(entry.first);
  return out;
}

}  // namespace catslab::cats
