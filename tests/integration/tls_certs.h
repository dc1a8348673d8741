// Test support for the TLS suites: certificates made at test time by
// scripts/make-test-certs.sh (no private key is committed) and the
// catslab-node options that hand them to a node. Used only from the test
// thread.
#pragma once

#include <QProcess>
#include <QTest>

#include "node_process.h"

namespace catslab::testing {

// DIR/ca.{crt,key} (made once) and DIR/NAME.{crt,key} for each name;
// `days` "-1" makes certificates that have already expired.
inline bool makeCerts(const QString& dir, const QStringList& names, const QString& days = {}) {
  QProcess p;
  QStringList args{sourceDir() + QStringLiteral("/scripts/make-test-certs.sh")};
  if (!days.isEmpty()) args << QStringLiteral("--days") << days;
  p.start(QStringLiteral("bash"), args + QStringList{dir} + names);
  return p.waitForFinished(scaledMs(60000)) && p.exitStatus() == QProcess::NormalExit &&
         p.exitCode() == 0;
}

// --tls-cert DIR/NAME.crt --tls-key DIR/NAME.key --tls-ca CADIR/ca.crt
// (CADIR defaults to DIR).
inline QStringList tlsArgs(const QString& dir, const QString& name, const QString& caDir = {}) {
  return {
      QStringLiteral("--tls-cert"), dir + QLatin1Char('/') + name + QStringLiteral(".crt"),
      QStringLiteral("--tls-key"),  dir + QLatin1Char('/') + name + QStringLiteral(".key"),
      QStringLiteral("--tls-ca"),   (caDir.isEmpty() ? dir : caDir) + QStringLiteral("/ca.crt")};
}

}  // namespace catslab::testing
