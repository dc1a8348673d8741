// SpaceTimeLegend: a strip under the space-time diagram that says what each
// mark means, drawn with the same style as the diagram (spacetime_style.h).
// Items wrap onto more rows when the strip is narrow. GUI thread only.
#pragma once

#include <QWidget>

namespace catslab::ui::spacetime {

class SpaceTimeLegend : public QWidget {
  Q_OBJECT
 public:
  explicit SpaceTimeLegend(QWidget* parent = nullptr);
  QSize sizeHint() const override;
  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  enum class Glyph {
    Arrow,
    Drop,
    OpOk,
    OpFailed,
    OpOpen,
    LaneDown,
    Crash,
    Local,
    Past,
    Future,
    Cursor
  };
  struct Item {
    Glyph glyph;
    QString text;
  };
  // Lays the items out for `width`; returns the height used.
  int layout(int width, QPainter* painter) const;
  void drawGlyph(QPainter& p, Glyph g, QRectF box) const;

  QList<Item> items_;
};

}  // namespace catslab::ui::spacetime
