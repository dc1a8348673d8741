#include "snapshot_view/node_state_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <map>

#include "snapshot_view/run_store.h"

namespace catslab::ui {

NodeStateView::NodeStateView(RunStore* store, QWidget* parent) : QWidget(parent), store_(store) {
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(4, 4, 4, 4);
  header_ = new QLabel(this);
  header_->setWordWrap(true);
  tree_ = new QTreeWidget(this);
  tree_->setColumnCount(2);
  tree_->setHeaderLabels({tr("Key"), tr("Value")});
  tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  tree_->setAlternatingRowColors(true);
  v->addWidget(header_);
  v->addWidget(tree_);
  connect(store_, &RunStore::currentChanged, this, &NodeStateView::refresh);
  connect(store_, &RunStore::cleared, this, &NodeStateView::refresh);
  refresh();
}

void NodeStateView::setNode(const QString& id) {
  if (node_ == id) return;
  node_ = id;
  refresh();
}

void NodeStateView::refresh() {
  tree_->clear();
  if (node_.isEmpty()) {
    header_->setText(tr("Select a node on the canvas to see its state."));
    return;
  }
  const int at = store_->current();
  const sim::GlobalState now = store_->stateAfter(at);
  const sim::GlobalState before = store_->stateAfter(at - 1);
  const std::string id = node_.toStdString();
  const sim::NodeState* n = now.node(id);
  const sim::NodeState* p = before.node(id);
  if (!n) {
    header_->setText(tr("<b>%1</b> — not started yet at %2").arg(node_, formatTimeNs(now.timeNs)));
    return;
  }
  header_->setText(tr("<b>%1</b> — %2 at %3%4")
                       .arg(node_,
                            n->up ? tr("<span style='color:#2e7d32'>up</span>")
                                  : tr("<span style='color:#c62828'>down</span>"),
                            formatTimeNs(now.timeNs),
                            n->stack.empty()
                                ? QString()
                                : tr(", stack %1").arg(QString::fromStdString(n->stack))));
  const QColor changed(0xff, 0xf1, 0x76);
  std::map<std::string, QTreeWidgetItem*> groups;
  auto groupFor = [&](const std::string& key) -> QTreeWidgetItem* {
    const auto dot = key.rfind('.');
    if (dot == std::string::npos) return nullptr;
    const std::string g = key.substr(0, dot);
    auto& slot = groups[g];
    if (!slot) {
      slot = new QTreeWidgetItem(tree_, {QString::fromStdString(g)});
      slot->setExpanded(true);
      QFont f = slot->font(0);
      f.setBold(true);
      slot->setFont(0, f);
    }
    return slot;
  };
  auto add = [&](const std::string& key, const QString& value, bool highlight, bool removed) {
    QTreeWidgetItem* parent = groupFor(key);
    const auto dot = key.rfind('.');
    const QString leaf =
        QString::fromStdString(dot == std::string::npos ? key : key.substr(dot + 1));
    auto* item = parent ? new QTreeWidgetItem(parent, {leaf, value})
                        : new QTreeWidgetItem(tree_, {leaf, value});
    item->setToolTip(1, value);
    if (highlight) {
      item->setBackground(0, changed);
      item->setBackground(1, changed);
      item->setToolTip(0, tr("changed by this event"));
    }
    if (removed) {
      QFont f = item->font(0);
      f.setStrikeOut(true);
      item->setFont(0, f);
      item->setFont(1, f);
      item->setToolTip(0, tr("removed by this event"));
    }
  };
  for (const auto& [key, value] : n->state) {
    const bool differs = !p || p->get(key) != value || !p->state.count(key);
    add(key, QString::fromStdString(value), differs && at >= 0, false);
  }
  if (p)
    for (const auto& [key, value] : p->state)
      if (!n->state.count(key)) add(key, QString::fromStdString(value), false, true);
  if (n->state.empty()) new QTreeWidgetItem(tree_, {tr("(no state reported)")});
}

}  // namespace catslab::ui
