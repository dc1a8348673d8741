#include "ui/action_factory.h"

namespace catslab::ui {

QIcon themedIcon(const char* name, QStyle::StandardPixmap fallback, const QStyle* style) {
  return QIcon::fromTheme(QString::fromLatin1(name), style->standardIcon(fallback));
}

QAction* makeAction(QObject* parent, const QIcon& icon, const QString& text,
                    const QKeySequence& key, const QString& tip) {
  auto* a = new QAction(icon, text, parent);
  if (!key.isEmpty()) a->setShortcut(key);
  a->setToolTip(
      tip + (key.isEmpty() ? QString() : QStringLiteral(" (") + key.toString() + QLatin1Char(')')));
  a->setStatusTip(tip);
  return a;
}

}  // namespace catslab::ui
