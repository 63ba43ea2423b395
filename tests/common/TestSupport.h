#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>

namespace TestSupport {

// The restic binary the tests run: $POUCH_TEST_RESTIC, else "restic" (looked up in PATH).
QString resticBinary();

// Writes data to path, creating the parent directories. Returns false on any error.
bool writeFile(const QString& path, const QByteArray& data);

// Everything under dir, by path relative to dir ('/' separated, hidden files included, symlinks not
// followed): files map to their content, directories to "dir:", symlinks to "symlink:<target as stored>".
QMap<QString, QByteArray> snapshotTree(const QString& dir);

// What differs between two snapshotTree() results, for a failure message: "+path" only in `after`, "-path" only in
// `before`, "~path" changed. Empty when equal.
QString treeDifference(const QMap<QString, QByteArray>& before, const QMap<QString, QByteArray>& after);

// A deterministic canonical lowercase UUID for n >= 0: uuidFor(1) == "00000000-0000-4000-8000-000000000001".
QString uuidFor(int n);

// True when this process (or `parent`) has a live (not yet reaped) child whose command name is `name`
// (/proc/<pid>/stat).
bool childProcessNamed(const QString& name, qint64 parent = 0);
// Their pids.
QList<qint64> childProcesses(const QString& name, qint64 parent = 0);

// The restore method the restore tests run with: $POUCH_TEST_RESTORE_METHOD (ctest runs the restore suites
// once per method), else "auto". restoreVerb() is the restic command that method runs.
QString restoreMethod();
QByteArray restoreVerb();

// True when the environment says we run in CI (CI=true or CI=1).
bool inCi();

} // namespace TestSupport

// For a test that needs a service this machine may lack (the S3 test server, a keychain): skips with `why`
// when `available` is false, except in CI, which installs every service, so there it fails. `why` (a QString)
// is only evaluated after `available`, so it may use what that expression reported.
#define POUCH_REQUIRE(available, why)                                                                                  \
    do {                                                                                                               \
        if (!(available)) {                                                                                            \
            if (TestSupport::inCi())                                                                                   \
                QFAIL(qPrintable(QStringLiteral("Required in CI (CI=true): ") + (why)));                               \
            QSKIP(qPrintable(why));                                                                                    \
        }                                                                                                              \
    } while (false)
