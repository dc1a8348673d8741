#include "snapshot_view/ring/key_inspector.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <map>

#include "cats/core/placement.h"
#include "snapshot_view/ring/cats_history.h"
#include "snapshot_view/run_store.h"

namespace catslab::ui::ring {

namespace {

// The version a node watching `key` reports ("watch.<key>"), if it does.
std::optional<QString> watchedVersion(const sim::NodeState* n, const std::string& key) {
  if (!n || !n->up) return std::nullopt;
  const std::string suffix = "watch." + key;
  for (const auto& [k, v] : n->state) {
    if (k.size() >= suffix.size() &&
        k.compare(k.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        (k.size() == suffix.size() || k[k.size() - suffix.size() - 1] == '.'))
      return QString::fromStdString(v);
  }
  return std::nullopt;
}

}  // namespace

std::vector<KeyOperation> keyOperations(const RunStore& store, const QString& key, int upTo) {
  static const QRegularExpression re(QStringLiteral(
      R"re(^cats op (\w+) key=(\S+)(?: value="(.*)")?(?: result=(?:"(.*)"|(nil)))? status=(\w+) )re"
      R"re(group=(\d+) view=(\d+) read=\[([^\]]*)\] write=\[([^\]]*)\])re"));
  std::vector<KeyOperation> out;
  if (key.isEmpty()) return out;
  const std::string keyField = " key=" + key.toStdString() + " ";
  upTo = std::min(upTo, store.recordCount() - 1);
  for (int i = 0; i <= upTo; ++i) {
    const auto& r = store.record(i);
    if (!r.has_log() || r.log().text().find(keyField) == std::string::npos) continue;
    const auto m = re.match(catsLogText(r));
    if (!m.hasMatch() || m.captured(2) != key) continue;
    KeyOperation op;
    op.index = i;
    op.timeNs = r.time_ns();
    op.coordinator = QString::fromStdString(r.node());
    op.op = m.captured(1);
    op.value = m.hasCaptured(3)   ? m.captured(3)
               : m.hasCaptured(4) ? m.captured(4)
               : m.hasCaptured(5) ? QStringLiteral("nil")
                                  : QString();
    op.status = m.captured(6);
    op.group = m.captured(7).toInt();
    op.view = m.captured(8).toULongLong();
    op.read = m.captured(9).split(QLatin1Char(','), Qt::SkipEmptyParts);
    op.write = m.captured(10).split(QLatin1Char(','), Qt::SkipEmptyParts);
    out.push_back(std::move(op));
  }
  return out;
}

KeyReport inspectKey(const QString& key, const RingSnapshot& ring, const sim::GlobalState& state,
                     std::vector<KeyOperation> operations) {
  KeyReport rep;
  rep.key = key;
  rep.operations = std::move(operations);
  rep.cats = ring.kind == RingKind::Cats && ring.slices > 0;
  if (!rep.cats || key.isEmpty()) return rep;
  const std::string k = key.toStdString();
  rep.slice = static_cast<int>(cats::sliceOf(k, static_cast<std::uint32_t>(ring.slices)));
  rep.position = cats::ringPosition(k);
  const GroupArc* g = ring.group(rep.slice);
  if (!g) return rep;
  rep.vid = g->vid;
  rep.members = g->members;

  // Newest acknowledged version per replica, from the operations so far.
  struct Evidence {
    QString value;
    QString source;
  };
  std::map<QString, Evidence> evidence;
  for (const KeyOperation& op : rep.operations) {
    if (op.status != QStringLiteral("ok")) continue;
    const QString at = formatTimeNs(op.timeNs);
    const QString value = op.op == QStringLiteral("del") ? QStringLiteral("(deleted)") : op.value;
    if (op.op == QStringLiteral("get")) {
      for (const QString& n : op.read)
        evidence[n] = {value, QStringLiteral("answered a get at %1 (v%2)").arg(at).arg(op.view)};
    }
    for (const QString& n : op.write)
      evidence[n] = {value,
                     QStringLiteral("acknowledged a %1 at %2 (v%3)").arg(op.op, at).arg(op.view)};
  }
  for (const Replica& r : g->replicas) {
    KeyReplica kr;
    kr.node = r.node;
    const RingNode* n = ring.node(r.node);
    if (!n || n->status == NodeStatus::Down) {
      kr.standing = QStringLiteral("down");
    } else if (r.vid == g->vid) {
      kr.standing = QStringLiteral("%1 in v%2").arg(r.status).arg(r.vid);
    } else if (r.vid > 0) {
      kr.standing = QStringLiteral("behind: %1 in v%2").arg(r.status).arg(r.vid);
    } else {
      kr.standing = QStringLiteral("no view yet");
    }
    kr.holds = QStringLiteral("unknown");
    if (auto w = watchedVersion(state.node(r.node.toStdString()), k)) {
      kr.holds = *w == QStringLiteral("none") ? QStringLiteral("no") : QStringLiteral("yes");
      kr.version = *w;
      kr.source = QStringLiteral("watched (exact)");
    } else if (kr.standing == QStringLiteral("down")) {
      kr.source = QStringLiteral("down: its state is not known");
    } else if (r.keys == 0 && r.vid > 0) {
      kr.holds = QStringLiteral("no");
      kr.source = QStringLiteral("holds 0 keys of group %1").arg(rep.slice);
    } else if (const auto e = evidence.find(r.node); e != evidence.end()) {
      kr.holds = QStringLiteral("yes");
      kr.version = e->second.value;
      kr.source = e->second.source + QStringLiteral("; maybe newer since");
    } else {
      kr.source = QStringLiteral(
          "no operation reached it (handoff copies are not traced); "
          "watch the key to know");
    }
    rep.replicas.push_back(std::move(kr));
  }
  return rep;
}

void KeyReplicaModel::setReplicas(std::vector<KeyReplica> replicas) {
  beginResetModel();
  rows_ = std::move(replicas);
  endResetModel();
}

int KeyReplicaModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int KeyReplicaModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeyReplicaModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
  const KeyReplica& r = rows_[static_cast<std::size_t>(index.row())];
  switch (index.column()) {
    case Replica:
      return r.node;
    case Standing:
      return r.standing;
    case Holds:
      return r.holds;
    case Version:
      return r.version;
    case Source:
      return r.source;
  }
  return {};
}

QVariant KeyReplicaModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* names[] = {"Replica", "Standing", "Holds it", "Version", "Known from"};
  return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

KeyInspector::KeyInspector(RunStore* store, QWidget* parent)
    : QWidget(parent), store_(store), model_(new KeyReplicaModel(this)) {
  edit_ = new QLineEdit;
  edit_->setPlaceholderText(tr("Key (e.g. apple), then Enter"));
  edit_->setClearButtonEnabled(true);
  summary_ =
      new QLabel(tr("Type a key to see its group and every replica's copy at the "
                    "selected moment."));
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  table_ = new QTableView;
  table_->setModel(model_);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  ops_ = new QTreeWidget;
  ops_->setHeaderLabels({tr("Time"), tr("Coordinator"), tr("Operation"), tr("Status"), tr("View"),
                         tr("Read quorum"), tr("Write quorum")});
  ops_->setRootIsDecorated(false);
  ops_->setUniformRowHeights(true);
  auto* split = new QSplitter(Qt::Vertical);
  split->addWidget(table_);
  split->addWidget(ops_);
  watch_ = new QPushButton(tr("Watch on every node"));
  watch_->setToolTip(
      tr("Send 'watch <key>' to the running CATS nodes: from now on each reports its exact "
         "version of the key, in the trace too"));
  auto* top = new QHBoxLayout;
  top->addWidget(edit_, 1);
  top->addWidget(watch_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(summary_);
  layout->addWidget(split, 1);
  connect(edit_, &QLineEdit::returnPressed, this, &KeyInspector::keyEdited);
  connect(watch_, &QPushButton::clicked, this, [this] {
    if (!key().isEmpty()) emit watchRequested(key());
  });
  connect(ops_, &QTreeWidget::itemActivated, this,
          [this](QTreeWidgetItem* item) { store_->select(item->data(0, Qt::UserRole).toInt()); });
}

void KeyInspector::setKey(const QString& key) {
  edit_->setText(key);
  emit keyEdited();
}

QString KeyInspector::key() const { return edit_->text().trimmed(); }

void KeyInspector::refresh(const RingSnapshot& ring, const sim::GlobalState& state) {
  const QString k = key();
  report_ = inspectKey(k, ring, state, keyOperations(*store_, k, store_->current()));
  model_->setReplicas(report_.replicas);
  ops_->clear();
  for (auto it = report_.operations.rbegin(); it != report_.operations.rend(); ++it) {
    const KeyOperation& op = *it;
    auto* item = new QTreeWidgetItem(
        {formatTimeNs(op.timeNs), op.coordinator,
         op.op + QLatin1Char(' ') + k +
             (op.value.isEmpty() ? QString() : QStringLiteral(" → ") + op.value),
         op.status, QStringLiteral("g%1 v%2").arg(op.group).arg(op.view),
         op.read.join(QLatin1Char(' ')), op.write.join(QLatin1Char(' '))});
    item->setData(0, Qt::UserRole, op.index);
    ops_->addTopLevelItem(item);
  }
  if (k.isEmpty()) {
    summary_->setText(
        tr("Type a key to see its group and every replica's copy at the "
           "selected moment."));
  } else if (!report_.cats) {
    summary_->setText(tr("Keys live in CATS groups: this run has no CATS ring at this moment."));
  } else if (report_.members.isEmpty()) {
    summary_->setText(tr("<b>%1</b>: slice %2 (position %3); no view of its group is known at "
                         "this moment.")
                          .arg(k.toHtmlEscaped())
                          .arg(report_.slice)
                          .arg(report_.position));
  } else {
    summary_->setText(tr("<b>%1</b>: slice %2 at position %3 → group %2, view <b>v%4</b> [%5], "
                         "owner %6. %7 completed operations on it so far.")
                          .arg(k.toHtmlEscaped())
                          .arg(report_.slice)
                          .arg(report_.position)
                          .arg(report_.vid)
                          .arg(report_.members.join(QLatin1Char(' ')), report_.members.front())
                          .arg(report_.operations.size()));
  }
  emit keyPlaced(k, report_.cats && !k.isEmpty() ? report_.slice : -1, report_.position);
}

}  // namespace catslab::ui::ring
