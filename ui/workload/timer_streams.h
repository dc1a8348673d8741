// TimerStreams: request streams (request_stream.h) paced by the wall clock,
// for a backend without a virtual clock — the local catslab-node processes.
// Each node has at most one stream; a QTimer fires once per period and hands
// the next request line to `send`, which writes it to the node's console
// (its stdin) as typing it would. Real time: not reproducible.
// GUI thread only; owns its timers.
#pragma once

#include <QObject>
#include <QStringList>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "ui/workload/request_stream.h"

class QTimer;

namespace catslab::ui::workload {

class TimerStreams : public QObject {
  Q_OBJECT
 public:
  using Send = std::function<void(const QString& node, const QString& line)>;
  explicit TimerStreams(Send send, QObject* parent = nullptr);
  ~TimerStreams() override;

  std::optional<QString> start(const QString& node, const WorkloadSpec& spec);
  void stop(const QString& node);
  void stopAll();
  QStringList nodes() const;

 signals:
  void changed();

 private:
  struct Stream {
    std::unique_ptr<RequestStream> requests;
    QTimer* timer = nullptr;
  };
  Send send_;
  std::map<QString, Stream> streams_;
  std::uint64_t started_ = 0;  // streams started: seeds each one differently
};

}  // namespace catslab::ui::workload
