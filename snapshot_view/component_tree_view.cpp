#include "snapshot_view/component_tree_view.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "snapshot_view/run_store.h"

namespace catslab::ui {

namespace {
QString scalar(const QJsonValue& v) {
  if (v.isString()) return v.toString();
  if (v.isDouble()) return QString::number(v.toDouble());
  if (v.isBool()) return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
  if (v.isArray()) return QStringLiteral("[%1]").arg(v.toArray().size());
  return {};
}

// Components are objects with a name and children; everything else is shown
// as key/value rows so unknown fields of the introspection format still show.
void addJson(QTreeWidgetItem* parent, const QString& key, const QJsonValue& value) {
  if (value.isObject()) {
    const QJsonObject o = value.toObject();
    QString title = o.value(QStringLiteral("name")).toString();
    if (title.isEmpty()) title = key;
    const QString type = o.value(QStringLiteral("type")).toString();
    auto* item = new QTreeWidgetItem(parent, {title, type});
    for (auto it = o.begin(); it != o.end(); ++it) {
      if (it.key() == QStringLiteral("name") || it.key() == QStringLiteral("type")) continue;
      addJson(item, it.key(), it.value());
    }
    return;
  }
  if (value.isArray()) {
    const QJsonArray a = value.toArray();
    auto* item = new QTreeWidgetItem(parent, {key, QStringLiteral("%1 item(s)").arg(a.size())});
    for (qsizetype i = 0; i < a.size(); ++i) addJson(item, QString::number(i), a[i]);
    item->setExpanded(key == QStringLiteral("children"));
    return;
  }
  new QTreeWidgetItem(parent, {key, scalar(value)});
}
}  // namespace

ComponentTreeView::ComponentTreeView(RunStore* store, QWidget* parent)
    : QWidget(parent), store_(store) {
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(4, 4, 4, 4);
  header_ = new QLabel(this);
  header_->setWordWrap(true);
  tree_ = new QTreeWidget(this);
  tree_->setHeaderLabels({tr("Component / field"), tr("Type / value")});
  tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  v->addWidget(header_);
  v->addWidget(tree_);
  connect(store_, &RunStore::currentChanged, this, &ComponentTreeView::refresh);
  connect(store_, &RunStore::cleared, this, &ComponentTreeView::refresh);
  refresh();
}

void ComponentTreeView::setNode(const QString& id) {
  if (node_ == id) return;
  node_ = id;
  shownRecord_ = -2;
  refresh();
}

void ComponentTreeView::showJson(const QString& title, const QByteArray& json) {
  tree_->clear();
  header_->setText(title);
  QJsonParseError error;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
  if (doc.isNull()) {
    header_->setText(title + tr(" — unreadable tree: %1").arg(error.errorString()));
    return;
  }
  auto* root = tree_->invisibleRootItem();
  if (doc.isObject()) {
    addJson(root, QStringLiteral("root"), doc.object());
  } else {
    addJson(root, QStringLiteral("root"), doc.array());
  }
  tree_->expandToDepth(2);
}

void ComponentTreeView::refresh() {
  if (node_.isEmpty()) {
    tree_->clear();
    shownRecord_ = -2;
    header_->setText(tr("Select a node to see its live component tree."));
    return;
  }
  const std::string id = node_.toStdString();
  int found = -1;
  for (int i = store_->current(); i >= 0; --i) {
    const auto& r = store_->record(i);
    if (r.has_tree() && r.node() == id) {
      found = i;
      break;
    }
  }
  if (found == shownRecord_) return;
  shownRecord_ = found;
  if (found < 0) {
    tree_->clear();
    header_->setText(tr("<b>%1</b> — no component tree recorded yet").arg(node_));
    return;
  }
  const auto& r = store_->record(found);
  showJson(tr("<b>%1</b> — component tree at %2").arg(node_, formatTimeNs(r.time_ns())),
           QByteArray::fromStdString(r.tree().json()));
}

}  // namespace catslab::ui
