#include "snapshot_view/event_log_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <tuple>

#include "snapshot_view/event_log_model.h"
#include "snapshot_view/run_store.h"

namespace catslab::ui {

EventLogPanel::EventLogPanel(RunStore* store, QWidget* parent) : QWidget(parent), store_(store) {
  auto* lv = new QVBoxLayout(this);
  lv->setContentsMargins(2, 2, 2, 2);
  auto* filters = new QHBoxLayout;
  node_ = new QComboBox;
  type_ = new QComboBox;
  kind_ = new QComboBox;
  auto* text = new QLineEdit;
  text->setPlaceholderText(tr("filter text"));
  text->setClearButtonEnabled(true);
  kind_->addItem(tr("all kinds"), QString());
  for (const char* k : {"sent", "delivered", "dropped", "node up", "node down", "crash", "state",
                        "log", "client op"})
    kind_->addItem(QString::fromLatin1(k), QString::fromLatin1(k));
  filters->addWidget(new QLabel(tr("Node")));
  filters->addWidget(node_);
  filters->addWidget(new QLabel(tr("Message")));
  filters->addWidget(type_);
  filters->addWidget(new QLabel(tr("Kind")));
  filters->addWidget(kind_);
  filters->addWidget(text, 1);
  lv->addLayout(filters);

  model_ = new EventLogModel(store_, this);
  proxy_ = new EventFilterProxy(this);
  proxy_->setSourceModel(model_);
  table_ = new QTableView;
  table_->setModel(proxy_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(20);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setColumnWidth(EventLogModel::SeqColumn, 50);
  table_->setColumnWidth(EventLogModel::TimeColumn, 80);
  table_->setColumnWidth(EventLogModel::NodeColumn, 60);
  table_->setColumnWidth(EventLogModel::KindColumn, 80);
  table_->setColumnWidth(EventLogModel::TypeColumn, 90);
  lv->addWidget(table_);

  connect(store_, &RunStore::nodesChanged, this, &EventLogPanel::refillPickers);
  connect(store_, &RunStore::recordsAppended, this, [this] {
    if (type_->count() - 1 != store_->messageTypes().size()) refillPickers();
  });
  refillPickers();
  connect(node_, &QComboBox::currentIndexChanged, this,
          [this] { proxy_->setNodeFilter(node_->currentData().toString()); });
  connect(type_, &QComboBox::currentIndexChanged, this,
          [this] { proxy_->setTypeFilter(type_->currentData().toString()); });
  connect(kind_, &QComboBox::currentIndexChanged, this,
          [this] { proxy_->setKindFilter(kind_->currentData().toString()); });
  connect(text, &QLineEdit::textChanged, proxy_, &EventFilterProxy::setTextFilter);
  connect(table_, &QTableView::clicked, this, [this](const QModelIndex& index) {
    store_->select(index.data(EventLogModel::RecordIndexRole).toInt());
  });
  connect(store_, &RunStore::selectionChanged, this, &EventLogPanel::showRecord);
  connect(model_, &QAbstractItemModel::rowsInserted, table_, [this] {
    if (store_->follow()) table_->scrollToBottom();
  });
}

void EventLogPanel::setNodeFilter(const QString& node) {
  node_->setCurrentIndex(std::max(0, node_->findData(node)));
}

void EventLogPanel::showRecord(int record) {
  const QModelIndex row = proxy_->mapFromSource(model_->index(record, 0));
  if (!row.isValid()) {
    table_->clearSelection();
    return;
  }
  table_->selectRow(row.row());
  table_->scrollTo(row, QAbstractItemView::PositionAtCenter);
}

int EventLogPanel::selectedRecord() const {
  const QModelIndexList rows = table_->selectionModel()->selectedRows();
  return rows.isEmpty() ? -1 : rows.first().data(EventLogModel::RecordIndexRole).toInt();
}

void EventLogPanel::refillPickers() {
  for (auto [combo, items, all] : {std::tuple{node_, store_->nodeIds(), tr("all nodes")},
                                   std::tuple{type_, store_->messageTypes(), tr("all messages")}}) {
    const QString current = combo->currentData().toString();
    const QSignalBlocker block(combo);
    combo->clear();
    combo->addItem(all, QString());
    for (const QString& i : items) combo->addItem(i, i);
    combo->setCurrentIndex(std::max(0, combo->findData(current)));
  }
}

}  // namespace catslab::ui
