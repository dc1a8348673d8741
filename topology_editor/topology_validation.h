// Editor-side validation: runs the runtime's topology checks on a candidate
// topology (the current one with the user's edit applied) and splits the
// message into the field path and the reason, so the property panel can
// highlight the field the user typed into and show why it is refused.
// Stateless; any thread.
#pragma once

#include <QString>
#include <optional>

#include "runtime/proto/topology.pb.h"

namespace catslab::ui {

struct FieldError {
  QString field;   // e.g. "nodes[2].port", "links[0].model.loss", "defaultLink.jitterMs"
  QString reason;  // e.g. "must be in 0..65535, got 70000"
  QString text() const { return field.isEmpty() ? reason : field + QStringLiteral(": ") + reason; }
};

std::optional<FieldError> checkTopology(const ::catslab::topology::Topology& candidate);

// Splits "source: field: reason" (the runtime's error shape) into its parts.
FieldError splitError(const QString& message, const QString& source);

}  // namespace catslab::ui
