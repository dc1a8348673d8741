#include "ui/workload/timer_streams.h"

#include <QTimer>

namespace catslab::ui::workload {

TimerStreams::TimerStreams(Send send, QObject* parent) : QObject(parent), send_(std::move(send)) {}

TimerStreams::~TimerStreams() {
  for (auto& [node, s] : streams_) delete s.timer;
}

std::optional<QString> TimerStreams::start(const QString& node, const WorkloadSpec& spec) {
  if (auto valid = spec.validate(); !valid) return QString::fromStdString(valid.error());
  stop(node);
  Stream s;
  const std::uint64_t seed = runtime::Random::derive(++started_, node.toStdString());
  s.requests = std::make_unique<RequestStream>(spec, seed, node.toStdString());
  s.timer = new QTimer(this);
  s.timer->setTimerType(Qt::PreciseTimer);
  s.timer->setInterval(static_cast<int>(spec.periodNs() / 1'000'000));
  RequestStream* requests = s.requests.get();
  connect(s.timer, &QTimer::timeout, this,
          [this, node, requests] { send_(node, QString::fromStdString(requests->next().line)); });
  s.timer->start();
  streams_.emplace(node, std::move(s));
  emit changed();
  return std::nullopt;
}

void TimerStreams::stop(const QString& node) {
  auto it = streams_.find(node);
  if (it == streams_.end()) return;
  delete it->second.timer;
  streams_.erase(it);
  emit changed();
}

void TimerStreams::stopAll() {
  if (streams_.empty()) return;
  for (auto& [node, s] : streams_) delete s.timer;
  streams_.clear();
  emit changed();
}

QStringList TimerStreams::nodes() const {
  QStringList ids;
  for (const auto& [node, s] : streams_) ids << node;
  return ids;
}

}  // namespace catslab::ui::workload
