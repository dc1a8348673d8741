#include "topology_editor/topology_validation.h"

#include "runtime/topology.h"

namespace catslab::ui {

namespace {
const char kSource[] = "<editor>";
}

FieldError splitError(const QString& message, const QString& source) {
  QString rest = message;
  if (!source.isEmpty() && rest.startsWith(source + QStringLiteral(": ")))
    rest = rest.mid(source.size() + 2);
  const qsizetype colon = rest.indexOf(QStringLiteral(": "));
  // A field path has no spaces; anything else is a plain reason.
  if (colon > 0 && !rest.left(colon).contains(QLatin1Char(' ')))
    return {rest.left(colon), rest.mid(colon + 2)};
  return {QString(), rest};
}

std::optional<FieldError> checkTopology(const ::catslab::topology::Topology& candidate) {
  const runtime::Status s = runtime::validateTopology(candidate, kSource);
  if (s) return std::nullopt;
  return splitError(QString::fromStdString(s.error()), QString::fromLatin1(kSource));
}

}  // namespace catslab::ui
