#include "topology_editor/property_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "runtime/stack_registry.h"
#include "topology_editor/link_model_editor.h"

namespace catslab::ui {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }

QLabel* makeErrorLabel(QWidget* parent) {
  auto* l = new QLabel(parent);
  l->setWordWrap(true);
  l->setStyleSheet(QStringLiteral("color: #c62828; font-weight: bold;"));
  l->hide();
  return l;
}

QLabel* makeTitle(const QString& text, QWidget* parent) {
  auto* l = new QLabel(text, parent);
  QFont f = l->font();
  f.setBold(true);
  f.setPointSizeF(f.pointSizeF() * 1.15);
  l->setFont(f);
  return l;
}

// Calls `fn` when a plain text edit loses focus: it has no editingFinished.
class FocusOutFilter : public QObject {
 public:
  FocusOutFilter(QObject* parent, std::function<void()> fn) : QObject(parent), fn_(std::move(fn)) {}
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() == QEvent::FocusOut) fn_();
    return QObject::eventFilter(watched, event);
  }

 private:
  std::function<void()> fn_;
};

void setTextKeepingInvalid(QLineEdit* edit, const QString& text) {
  if (!isMarkedInvalid(edit)) edit->setText(text);
}
void setTextKeepingInvalid(QPlainTextEdit* edit, const QString& text) {
  if (!isMarkedInvalid(edit) && edit->toPlainText() != text) edit->setPlainText(text);
}
}  // namespace

PropertyPanel::PropertyPanel(TopologyDocument* document, QWidget* parent)
    : QWidget(parent), doc_(document) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  pages_ = new QStackedWidget(this);
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(pages_);
  layout->addWidget(scroll);
  content_ = scroll;
  pages_->addWidget(buildTopologyPage());
  pages_->addWidget(buildNodePage());
  pages_->addWidget(buildLinkPage());

  QStringList stacks;
  for (const std::string& n : runtime::StackRegistry::names()) stacks << qs(n);
  setStackNames(stacks);

  TopologyModel* model = doc_->model();
  connect(model, &QAbstractItemModel::dataChanged, this, &PropertyPanel::onDataChanged);
  connect(model, &QAbstractItemModel::rowsInserted, this, &PropertyPanel::onRowsChanged);
  connect(model, &QAbstractItemModel::rowsRemoved, this, &PropertyPanel::onRowsChanged);
  connect(model, &TopologyModel::metaChanged, this, [this] {
    if (page_ == TopologyPage) loadTopology();
  });
  connect(model, &TopologyModel::defaultLinkChanged, this, [this] {
    if (page_ == TopologyPage) loadTopology();
    if (page_ == LinkPage) loadLink();
  });
  connect(doc_, &TopologyDocument::documentReset, this, [this] {
    drafts_.clear();
    showTopology();
  });
  showTopology();
}

PropertyPanel::~PropertyPanel() {
  // Destroy the editors while this object is whole: a focused field emits
  // editingFinished / FocusOut as it goes, and those must be ignored.
  closing_ = true;
  delete content_;
}

QWidget* PropertyPanel::buildTopologyPage() {
  auto* page = new QWidget(this);
  auto* v = new QVBoxLayout(page);
  v->addWidget(makeTitle(tr("Topology"), page));
  auto* hint = new QLabel(tr("Select a node or a link on the canvas to edit it."), page);
  hint->setWordWrap(true);
  hint->setStyleSheet(QStringLiteral("color: #666;"));
  v->addWidget(hint);
  auto* form = new QFormLayout;
  name_ = new QLineEdit(page);
  name_->setObjectName(QStringLiteral("name"));
  description_ = new QLineEdit(page);
  description_->setObjectName(QStringLiteral("description"));
  bootstrap_ = new QComboBox(page);
  bootstrap_->setObjectName(QStringLiteral("bootstrap"));
  bootstrap_->setToolTip(tr("The node others contact first (stacks that need one)"));
  form->addRow(tr("Name"), name_);
  form->addRow(tr("Description"), description_);
  form->addRow(tr("Bootstrap node"), bootstrap_);
  v->addLayout(form);
  v->addWidget(makeTitle(tr("Default link"), page));
  auto* dl = new QLabel(tr("Used by every link that has no model of its own."), page);
  dl->setWordWrap(true);
  dl->setStyleSheet(QStringLiteral("color: #666;"));
  v->addWidget(dl);
  defaultLink_ = new LinkModelEditor(page);
  defaultLink_->setObjectName(QStringLiteral("defaultLinkEditor"));
  v->addWidget(defaultLink_);
  topologyError_ = makeErrorLabel(page);
  v->addWidget(topologyError_);
  v->addStretch();
  for (QLineEdit* e : {name_, description_})
    connect(e, &QLineEdit::editingFinished, this, &PropertyPanel::commitTopology);
  connect(bootstrap_, &QComboBox::activated, this, &PropertyPanel::commitTopology);
  connect(defaultLink_, &LinkModelEditor::edited, this, &PropertyPanel::commitTopology);
  return page;
}

QWidget* PropertyPanel::buildNodePage() {
  auto* page = new QWidget(this);
  auto* v = new QVBoxLayout(page);
  nodeTitle_ = makeTitle(tr("Node"), page);
  v->addWidget(nodeTitle_);
  auto* form = new QFormLayout;
  id_ = new QLineEdit(page);
  id_->setObjectName(QStringLiteral("id"));
  id_->setToolTip(tr("Unique node id, no spaces, e.g. n1"));
  label_ = new QLineEdit(page);
  label_->setObjectName(QStringLiteral("label"));
  label_->setPlaceholderText(tr("optional, for people"));
  host_ = new QLineEdit(page);
  host_->setObjectName(QStringLiteral("host"));
  host_->setPlaceholderText(QStringLiteral("127.0.0.1"));
  bind_ = new QLineEdit(page);
  bind_->setObjectName(QStringLiteral("bind"));
  bind_->setPlaceholderText(tr("host if it is an IP address, else 127.0.0.1"));
  bind_->setToolTip(
      tr("IP address the node listens on; 0.0.0.0 or :: for every interface "
         "(Host is the address peers dial)"));
  port_ = new QLineEdit(page);
  port_->setObjectName(QStringLiteral("port"));
  port_->setToolTip(tr("TCP port the node listens on (0: pick one when launched)"));
  stack_ = new QComboBox(page);
  stack_->setObjectName(QStringLiteral("stack"));
  stack_->setEditable(true);
  stack_->setToolTip(tr("The application the node runs (from the stack registry)"));
  params_ = new QPlainTextEdit(page);
  params_->setObjectName(QStringLiteral("params"));
  params_->setPlaceholderText(tr("key=value, one per line"));
  params_->setMaximumHeight(70);
  params_->setTabChangesFocus(true);
  script_ = new QPlainTextEdit(page);
  script_->setObjectName(QStringLiteral("script"));
  script_->setPlaceholderText(
      tr("<ms after start> <console command>, one per line\ne.g. 500 ping all"));
  script_->setMaximumHeight(90);
  script_->setTabChangesFocus(true);
  form->addRow(tr("Id"), id_);
  form->addRow(tr("Label"), label_);
  form->addRow(tr("Host"), host_);
  form->addRow(tr("Bind"), bind_);
  form->addRow(tr("Port"), port_);
  form->addRow(tr("Stack"), stack_);
  form->addRow(tr("Parameters"), params_);
  form->addRow(tr("Script"), script_);
  v->addLayout(form);
  stackWarning_ = new QLabel(page);
  stackWarning_->setWordWrap(true);
  stackWarning_->setStyleSheet(QStringLiteral("color: #b26a00;"));
  stackWarning_->hide();
  v->addWidget(stackWarning_);
  nodeError_ = makeErrorLabel(page);
  v->addWidget(nodeError_);
  v->addStretch();
  for (QLineEdit* e : {id_, label_, host_, bind_, port_})
    connect(e, &QLineEdit::editingFinished, this, &PropertyPanel::commitNode);
  connect(stack_, &QComboBox::activated, this, &PropertyPanel::commitNode);
  connect(stack_->lineEdit(), &QLineEdit::editingFinished, this, &PropertyPanel::commitNode);
  for (QPlainTextEdit* e : {params_, script_})
    e->installEventFilter(new FocusOutFilter(e, [this] { commitNode(); }));
  return page;
}

QWidget* PropertyPanel::buildLinkPage() {
  auto* page = new QWidget(this);
  auto* v = new QVBoxLayout(page);
  linkTitle_ = makeTitle(tr("Link"), page);
  v->addWidget(linkTitle_);
  useDefault_ = new QCheckBox(tr("Use the topology's default link"), page);
  useDefault_->setObjectName(QStringLiteral("useDefault"));
  v->addWidget(useDefault_);
  linkModel_ = new LinkModelEditor(page);
  linkModel_->setObjectName(QStringLiteral("linkEditor"));
  v->addWidget(linkModel_);
  linkError_ = makeErrorLabel(page);
  v->addWidget(linkError_);
  v->addStretch();
  connect(useDefault_, &QCheckBox::toggled, this, &PropertyPanel::commitLink);
  connect(linkModel_, &LinkModelEditor::edited, this, &PropertyPanel::commitLink);
  return page;
}

void PropertyPanel::setStackNames(const QStringList& names) {
  const QString current = stack_->currentText();
  stack_->clear();
  stack_->addItems(names);
  stack_->setCurrentText(current);
}

QWidget* PropertyPanel::fieldWidget(const QString& name) const { return findChild<QWidget*>(name); }

QString PropertyPanel::errorText() const {
  for (QLabel* l : {topologyError_, nodeError_, linkError_})
    if (!l->isHidden() && !l->text().isEmpty()) return l->text();
  return {};
}

// ---- navigation and drafts -------------------------------------------------

QString PropertyPanel::draftKey() const {
  switch (page_) {
    case NodePage:
      return QStringLiteral("node:") + nodeId_;
    case LinkPage:
      return QStringLiteral("link:") + linkA_ + QLatin1Char('|') + linkB_;
    default:
      return QStringLiteral("topology");
  }
}

QList<QWidget*> PropertyPanel::draftWidgets() const {
  QWidget* page = pages_->widget(page_);
  QList<QWidget*> out;
  const QList<QWidget*> all = page->findChildren<QWidget*>();
  for (QWidget* w : all)
    if (isMarkedInvalid(w) && (qobject_cast<QLineEdit*>(w) || qobject_cast<QPlainTextEdit*>(w)))
      out << w;
  return out;
}

void PropertyPanel::saveDraft() {
  QHash<QString, QString> draft;
  const QList<QWidget*> widgets = draftWidgets();
  for (QWidget* w : widgets) {
    if (auto* e = qobject_cast<QLineEdit*>(w)) draft.insert(e->objectName(), e->text());
    if (auto* p = qobject_cast<QPlainTextEdit*>(w)) draft.insert(p->objectName(), p->toPlainText());
    clearInvalid(w);
  }
  if (draft.isEmpty()) {
    drafts_.remove(draftKey());
  } else {
    drafts_.insert(draftKey(), draft);
  }
}

void PropertyPanel::restoreDraft() {
  const QHash<QString, QString> draft = drafts_.take(draftKey());
  if (draft.isEmpty()) return;
  QWidget* page = pages_->widget(page_);
  for (auto it = draft.begin(); it != draft.end(); ++it) {
    if (auto* e = page->findChild<QLineEdit*>(it.key())) e->setText(it.value());
    if (auto* p = page->findChild<QPlainTextEdit*>(it.key())) p->setPlainText(it.value());
  }
  // Re-run the check so the field is red again with its reason.
  if (page_ == NodePage) commitNode();
  if (page_ == LinkPage) commitLink();
  if (page_ == TopologyPage) commitTopology();
}

void PropertyPanel::showTopology() {
  saveDraft();
  page_ = TopologyPage;
  pages_->setCurrentIndex(page_);
  topologyError_->hide();
  loadTopology();
  restoreDraft();
}

void PropertyPanel::showNode(const QString& id) {
  const int row = doc_->model()->nodeRow(id);
  if (row < 0) return showTopology();
  saveDraft();
  page_ = NodePage;
  nodeId_ = id;
  nodeRow_ = row;
  pages_->setCurrentIndex(page_);
  nodeError_->hide();
  loadNode();
  restoreDraft();
}

void PropertyPanel::showLink(int row) {
  if (row < 0 || row >= doc_->model()->linkCount()) return showTopology();
  saveDraft();
  page_ = LinkPage;
  linkRow_ = row;
  linkA_ = qs(doc_->model()->link(row).a());
  linkB_ = qs(doc_->model()->link(row).b());
  pages_->setCurrentIndex(page_);
  linkError_->hide();
  loadLink();
  restoreDraft();
}

void PropertyPanel::onRowsChanged() {
  // Rows shift on insert/remove; find the item again by its identity.
  if (page_ == NodePage) {
    nodeRow_ = doc_->model()->nodeRow(nodeId_);
    if (nodeRow_ < 0) showTopology();
  } else if (page_ == LinkPage) {
    linkRow_ = doc_->model()->linkRow(linkA_, linkB_);
    if (linkRow_ < 0) showTopology();
  } else {
    loadTopology();  // bootstrap choices changed
  }
}

void PropertyPanel::onDataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight) {
  const QModelIndex parent = topLeft.parent();
  if (!parent.isValid()) return;
  const bool inRange = [&](int row) {
    return row >= topLeft.row() && row <= bottomRight.row();
  }(parent.row() == TopologyModel::NodesGroup ? nodeRow_ : linkRow_);
  if (page_ == NodePage && parent.row() == TopologyModel::NodesGroup && inRange) {
    nodeId_ = qs(doc_->model()->node(nodeRow_).id());  // may have been renamed (undo)
    loadNode();
  } else if (page_ == LinkPage && parent.row() == TopologyModel::LinksGroup && inRange) {
    linkA_ = qs(doc_->model()->link(linkRow_).a());
    linkB_ = qs(doc_->model()->link(linkRow_).b());
    loadLink();
  } else if (page_ == LinkPage && parent.row() == TopologyModel::LinksGroup) {
    // untouched
  } else if (page_ == TopologyPage && parent.row() == TopologyModel::NodesGroup) {
    loadTopology();
  }
}

// ---- loading ---------------------------------------------------------------

void PropertyPanel::loadTopology() {
  const pb::Topology& t = doc_->model()->topology();
  setTextKeepingInvalid(name_, qs(t.name()));
  setTextKeepingInvalid(description_, qs(t.description()));
  const QSignalBlocker block(bootstrap_);
  bootstrap_->clear();
  bootstrap_->addItem(tr("(none)"), QString());
  for (const QString& id : doc_->model()->nodeIds()) bootstrap_->addItem(id, id);
  bootstrap_->setCurrentIndex(std::max(0, bootstrap_->findData(qs(t.bootstrap()))));
  defaultLink_->setLinkModel(t.default_link());
}

void PropertyPanel::loadNode() {
  const pb::Node& n = doc_->model()->node(nodeRow_);
  nodeTitle_->setText(tr("Node %1").arg(qs(n.id())));
  setTextKeepingInvalid(id_, qs(n.id()));
  setTextKeepingInvalid(label_, qs(n.label()));
  setTextKeepingInvalid(host_, qs(n.host()));
  setTextKeepingInvalid(bind_, qs(n.bind()));
  setTextKeepingInvalid(port_, QString::number(n.port()));
  if (!isMarkedInvalid(stack_)) stack_->setCurrentText(qs(n.stack()));
  QStringList params;
  std::map<std::string, std::string> sorted(n.params().begin(), n.params().end());
  for (const auto& [k, v] : sorted) params << qs(k) + QLatin1Char('=') + qs(v);
  setTextKeepingInvalid(params_, params.join(QLatin1Char('\n')));
  QStringList script;
  for (const pb::ScriptStep& s : n.script())
    script << QString::number(s.at_ms(), 'g', 10) + QLatin1Char(' ') + qs(s.command());
  setTextKeepingInvalid(script_, script.join(QLatin1Char('\n')));
  const bool known = n.stack().empty() || runtime::StackRegistry::find(n.stack()) != nullptr;
  stackWarning_->setVisible(!known);
  stackWarning_->setText(
      tr("Stack '%1' is not built into this copy of CATS Lab; the node will not start here.")
          .arg(qs(n.stack())));
}

void PropertyPanel::loadLink() {
  const pb::Link& l = doc_->model()->link(linkRow_);
  linkTitle_->setText(tr("Link %1 – %2").arg(qs(l.a()), qs(l.b())));
  const QSignalBlocker block(useDefault_);
  useDefault_->setChecked(!l.has_model());
  linkModel_->setEnabled(l.has_model());
  linkModel_->setLinkModel(l.has_model() ? l.model() : doc_->model()->topology().default_link());
}

// ---- committing ------------------------------------------------------------

void PropertyPanel::showResult(Page page, const std::optional<FieldError>& error) {
  QLabel* label = page == NodePage ? nodeError_ : page == LinkPage ? linkError_ : topologyError_;
  if (!error) {
    label->hide();
    label->clear();
    return;
  }
  label->setText(tr("Not applied — %1").arg(error->text()));
  label->show();
  emit editRejected(error->text());
}

void PropertyPanel::commitTopology() {
  if (closing_) return;
  const QList<QWidget*> fields{name_, description_, bootstrap_};
  for (QWidget* w : fields) clearInvalid(w);
  defaultLink_->clearErrors();
  pb::LinkModel model;
  std::optional<FieldError> error = defaultLink_->read(&model);
  if (!error) {
    error =
        doc_->editMeta(name_->text(), description_->text(), bootstrap_->currentData().toString());
  }
  if (!error) error = doc_->editDefaultLink(model);
  if (error) {
    if (!defaultLink_->showError(*error)) {
      if (error->field.contains(QStringLiteral("bootstrap")))
        markInvalid(bootstrap_, error->reason);
    }
  }
  showResult(TopologyPage, error);
}

void PropertyPanel::commitNode() {
  if (closing_) return;
  if (page_ != NodePage || nodeRow_ < 0) return;
  const QList<QWidget*> fields{id_, label_, host_, bind_, port_, stack_, params_, script_};
  for (QWidget* w : fields) clearInvalid(w);
  pb::Node n = doc_->model()->node(nodeRow_);
  std::optional<FieldError> error;
  n.set_id(id_->text().trimmed().toStdString());
  n.set_label(label_->text().toStdString());
  n.set_host(host_->text().trimmed().toStdString());
  n.set_bind(bind_->text().trimmed().toStdString());
  bool ok = false;
  const uint port = port_->text().trimmed().toUInt(&ok);
  if (!ok) {
    error = FieldError{QStringLiteral("port"), tr("'%1' is not a port number").arg(port_->text())};
  } else {
    n.set_port(port);
  }
  n.set_stack(stack_->currentText().trimmed().toStdString());
  n.clear_params();
  const QStringList paramLines = params_->toPlainText().split(QLatin1Char('\n'));
  for (int i = 0; i < paramLines.size() && !error; ++i) {
    const QString line = paramLines[i].trimmed();
    if (line.isEmpty()) continue;
    const qsizetype eq = line.indexOf(QLatin1Char('='));
    if (eq <= 0) {
      error = FieldError{QStringLiteral("params"),
                         tr("line %1: expected key=value, got '%2'").arg(i + 1).arg(line)};
      break;
    }
    (*n.mutable_params())[line.left(eq).trimmed().toStdString()] =
        line.mid(eq + 1).trimmed().toStdString();
  }
  n.clear_script();
  const QStringList scriptLines = script_->toPlainText().split(QLatin1Char('\n'));
  for (int i = 0; i < scriptLines.size() && !error; ++i) {
    const QString line = scriptLines[i].trimmed();
    if (line.isEmpty()) continue;
    const qsizetype space = line.indexOf(QLatin1Char(' '));
    const double at = line.left(space).toDouble(&ok);
    if (space <= 0 || !ok) {
      error = FieldError{QStringLiteral("script"),
                         tr("line %1: expected '<ms> <command>', got '%2'").arg(i + 1).arg(line)};
      break;
    }
    pb::ScriptStep* step = n.add_script();
    step->set_at_ms(at);
    step->set_command(line.mid(space + 1).trimmed().toStdString());
  }
  const QString newId = qs(n.id());
  if (!error) {
    const QString oldId = nodeId_;
    nodeId_ = newId;  // the model's dataChanged must find the renamed node
    error = doc_->editNode(nodeRow_, n);
    if (error) nodeId_ = oldId;
  }
  if (error) {
    const QString f = error->field;
    QWidget* target = id_;
    if (f.endsWith(QStringLiteral(".id")) || f == QStringLiteral("id"))
      target = id_;
    else if (f.contains(QStringLiteral("port")))
      target = port_;
    else if (f.contains(QStringLiteral("host")))
      target = host_;
    else if (f.endsWith(QStringLiteral(".bind")))
      target = bind_;
    else if (f.contains(QStringLiteral("script")))
      target = script_;
    else if (f.contains(QStringLiteral("params")))
      target = params_;
    else if (f.contains(QStringLiteral("stack")))
      target = stack_;
    markInvalid(target, error->reason);
  }
  showResult(NodePage, error);
}

void PropertyPanel::commitLink() {
  if (closing_) return;
  if (page_ != LinkPage || linkRow_ < 0) return;
  linkModel_->clearErrors();
  pb::Link l = doc_->model()->link(linkRow_);
  std::optional<FieldError> error;
  linkModel_->setEnabled(!useDefault_->isChecked());
  if (useDefault_->isChecked()) {
    l.clear_model();
  } else {
    pb::LinkModel m;
    error = linkModel_->read(&m);
    if (!error) *l.mutable_model() = m;
  }
  if (!error) error = doc_->editLink(linkRow_, l);
  if (error) linkModel_->showError(*error);
  showResult(LinkPage, error);
}

}  // namespace catslab::ui
