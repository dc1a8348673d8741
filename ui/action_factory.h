// How the app's actions look: a themed icon with a built-in fallback, and an
// action whose tooltip names its shortcut. Shared by the controllers so every
// toolbar button reads the same way. GUI thread only.
#pragma once

#include <QAction>
#include <QIcon>
#include <QKeySequence>
#include <QStyle>

namespace catslab::ui {

QIcon themedIcon(const char* name, QStyle::StandardPixmap fallback, const QStyle* style);

// A new action owned by `parent`; the tooltip is `tip` plus " (shortcut)".
QAction* makeAction(QObject* parent, const QIcon& icon, const QString& text,
                    const QKeySequence& key, const QString& tip);

}  // namespace catslab::ui
