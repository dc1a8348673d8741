// catslab-ycsb-chart: PNG charts of compare.sh's and elasticity.sh's CSVs,
// drawn with Qt Charts offscreen (QT_QPA_PLATFORM=offscreen needs no display).
//   catslab-ycsb-chart compare    results.csv  out.png   ops/s per store and workload (bars)
//   catslab-ycsb-chart elasticity timeline.csv out.png   ops/s and p99 per second, events marked
#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QLineSeries>
#include <QMap>
#include <QPixmap>
#include <QScatterSeries>
#include <QTextStream>
#include <QValueAxis>
#include <iostream>

namespace {

// A CSV of compare_table.py / elasticity.sh: a header, then rows; a field
// in double quotes may hold commas.
QList<QStringList> readCsv(const QString& path, QString* error) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
    *error = path + QStringLiteral(": ") + f.errorString();
    return {};
  }
  QList<QStringList> rows;
  QTextStream in(&f);
  while (!in.atEnd()) {
    QString line = in.readLine();
    QStringList fields;
    QString field;
    bool quoted = false;
    for (QChar c : line) {
      if (c == u'"') {
        quoted = !quoted;
      } else if (c == u',' && !quoted) {
        fields << field;
        field.clear();
      } else {
        field += c;
      }
    }
    fields << field;
    rows << fields;
  }
  if (rows.size() < 2) *error = path + QStringLiteral(": no rows");
  return rows;
}

int column(const QStringList& header, const char* name) {
  return static_cast<int>(header.indexOf(QString::fromLatin1(name)));
}

QChart* compareChart(const QList<QStringList>& rows) {
  const QStringList& h = rows[0];
  int label = column(h, "label"), workload = column(h, "workload"), ops = column(h, "ops_per_sec");
  QStringList workloads;
  QMap<QString, QMap<QString, double>> byStore;
  QStringList stores;
  for (qsizetype i = 1; i < rows.size(); ++i) {
    const QStringList& r = rows[i];
    if (r.size() <= std::max({label, workload, ops})) continue;
    if (!workloads.contains(r[workload])) workloads << r[workload];
    if (!stores.contains(r[label])) stores << r[label];
    byStore[r[label]][r[workload]] = r[ops].toDouble();
  }
  auto* series = new QBarSeries;
  double top = 0;
  for (const QString& s : stores) {
    auto* set = new QBarSet(s);
    for (const QString& w : workloads) {
      *set << byStore[s].value(w, 0);
      top = std::max(top, byStore[s].value(w, 0));
    }
    series->append(set);
  }
  auto* chart = new QChart;
  chart->addSeries(series);
  chart->setTitle(QStringLiteral("YCSB throughput per workload (ops/s)"));
  auto* x = new QBarCategoryAxis;
  x->append(workloads);
  chart->addAxis(x, Qt::AlignBottom);
  series->attachAxis(x);
  auto* y = new QValueAxis;
  y->setLabelFormat(QStringLiteral("%d"));
  y->setRange(0, top * 1.05);
  y->applyNiceNumbers();
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(y);
  return chart;
}

QChart* elasticityChart(const QList<QStringList>& rows) {
  const QStringList& h = rows[0];
  int second = column(h, "second"), ops = column(h, "ops_per_sec"), p99 = column(h, "read_p99_us"),
      event = column(h, "event");
  auto* throughput = new QLineSeries;
  throughput->setName(QStringLiteral("ops/s"));
  auto* latency = new QLineSeries;
  latency->setName(QStringLiteral("read p99 (ms)"));
  auto* events = new QScatterSeries;
  events->setName(QStringLiteral("node started / leaving"));
  events->setMarkerSize(12);
  double last = -1, top = 0, topLatency = 0;
  for (qsizetype i = 1; i < rows.size(); ++i) {
    const QStringList& r = rows[i];
    double s = r[second].toDouble();
    if (s <= last) continue;  // the closing lines repeat the last second
    last = s;
    throughput->append(s, r[ops].toDouble());
    top = std::max(top, r[ops].toDouble());
    if (!r[p99].isEmpty()) {
      latency->append(s, r[p99].toDouble() / 1000);
      topLatency = std::max(topLatency, r[p99].toDouble() / 1000);
    }
    if (event >= 0 && event < r.size() && !r[event].isEmpty()) events->append(s, 0);
  }
  auto* chart = new QChart;
  chart->setTitle(QStringLiteral("CATS under YCSB B: 3 -> 6 -> 3 nodes"));
  chart->addSeries(throughput);
  chart->addSeries(events);
  chart->addSeries(latency);
  auto* x = new QValueAxis;
  x->setTitleText(QStringLiteral("seconds"));
  x->setLabelFormat(QStringLiteral("%d"));
  x->setRange(0, last);
  x->applyNiceNumbers();
  chart->addAxis(x, Qt::AlignBottom);
  auto* y = new QValueAxis;
  y->setTitleText(QStringLiteral("ops/s"));
  y->setRange(0, top * 1.1);
  y->setLabelFormat(QStringLiteral("%d"));
  y->applyNiceNumbers();
  chart->addAxis(y, Qt::AlignLeft);
  auto* y2 = new QValueAxis;
  y2->setTitleText(QStringLiteral("read p99 (ms)"));
  y2->setRange(0, topLatency * 1.1);
  y2->setLabelFormat(QStringLiteral("%d"));
  y2->applyNiceNumbers();
  chart->addAxis(y2, Qt::AlignRight);
  for (QAbstractSeries* s :
       {static_cast<QAbstractSeries*>(throughput), static_cast<QAbstractSeries*>(events)}) {
    s->attachAxis(x);
    s->attachAxis(y);
  }
  latency->attachAxis(x);
  latency->attachAxis(y2);
  return chart;
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QStringList args = app.arguments().mid(1);
  if (args.size() != 3 || (args[0] != u"compare" && args[0] != u"elasticity")) {
    std::cerr << "usage: catslab-ycsb-chart compare|elasticity FILE.csv OUT.png\n";
    return 2;
  }
  QString error;
  QList<QStringList> rows = readCsv(args[1], &error);
  if (!error.isEmpty()) {
    std::cerr << "catslab-ycsb-chart: " << error.toStdString() << "\n";
    return 2;
  }
  QChart* chart = args[0] == u"compare" ? compareChart(rows) : elasticityChart(rows);
  QChartView view(chart);
  view.setRenderHint(QPainter::Antialiasing);
  view.resize(900, 500);
  if (!view.grab().save(args[2])) {
    std::cerr << "catslab-ycsb-chart: cannot write " << args[2].toStdString() << "\n";
    return 1;
  }
  return 0;
}
