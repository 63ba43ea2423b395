#pragma once

#include "BackupService.h"
#include "Config.h"
#include "MainWindow.h"
#include "RestoreWizard.h"
#include "TestSupport.h"

#include <QAbstractButton>
#include <QSignalSpy>
#include <QtTest>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QThread>
#include <QUuid>

#include <cstdio>

// A tiny real restic repository with server directories, for the widget tests and the screenshot tool.
namespace GuiRepo {

inline Config config(const QString& root)
{
    Config c;
    c.rootDirectory = root;
    c.dataDirectory = root + QStringLiteral("/volumes");
    c.tmpDirectory = root + QStringLiteral("/tmp");
    c.restic.enabled = true;
    c.restic.repository = root + QStringLiteral("/repository");
    c.restic.password = QStringLiteral("gui-test-password");
    c.restic.binaryPath = TestSupport::resticBinary();
    c.restic.cacheDir = root + QStringLiteral("/cache");
    QDir().mkpath(c.dataDirectory);
    return c;
}

inline QString addServer(const Config& c, const QString& uuid, const QMap<QString, QByteArray>& files)
{
    const QString dir = c.dataDirectory + QLatin1Char('/') + uuid;
    QDir().mkpath(dir);
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        TestSupport::writeFile(dir + QLatin1Char('/') + it.key(), it.value());
    return dir;
}

// Runs a backup and waits (processing events) for it; returns the job's error, empty on success.
inline QString backup(BackupService& service, const QString& server, QString* backupUuid = nullptr)
{
    const QString uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (backupUuid)
        *backupUuid = uuid;
    const BackupService::Started started = service.startBackup(server, uuid);
    if (!started.ok())
        return started.message;
    QDeadlineTimer deadline(120000);
    while (!started.job->isFinished() && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(5);
    }
    if (!started.job->isFinished())
        return QStringLiteral("backup timed out");
    return started.job->state() == Job::State::Succeeded ? QString() : started.job->outcome().error;
}

// Clicks Next (or the commit button) once it is enabled, as a person would, and checks where the wizard went.
// Shows `window` on `c` and waits (30 s) for its first listing; false when it never came.
inline bool showLoaded(MainWindow& window, const Config& c)
{
    QSignalSpy refreshed(&window, &MainWindow::refreshed);
    window.setConfig(c, MainWindow::Source::File);
    window.show();
    return QTest::qWaitFor([&] { return refreshed.size() >= 1; }, 30000);
}

inline void clickNext(QWizard& wizard, int expectedPage)
{
    QAbstractButton* button = wizard.button(QWizard::NextButton);
    if (!button->isVisible())
        button = wizard.button(QWizard::CommitButton);
    QVERIFY(button->isVisible());
    QTRY_VERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), expectedPage);
}

// Waits (60 s at most) for the restore the wizard started; empty when it succeeded, else why not.
inline QString waitForRestore(const RestoreWizard& wizard)
{
    QDeadlineTimer deadline(60000);
    while (!(wizard.job() && wizard.job()->isFinished()) && !deadline.hasExpired())
        QTest::qWait(20);
    if (!wizard.job() || !wizard.job()->isFinished())
        return QStringLiteral("the restore did not finish");
    return wizard.job()->state() == Job::State::Succeeded ? QString() : wizard.job()->outcome().error;
}

// How many snapshots restic itself lists for a backup uuid (-1 when restic fails): the repository's word, not a
// service's catalogue, which only follows another service's changes at its next resync.
inline int snapshotsInRepository(const Config& c, const QString& backupUuid)
{
    QProcess restic;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RESTIC_REPOSITORY"), c.restic.repository);
    env.insert(QStringLiteral("RESTIC_PASSWORD"), c.restic.password);
    env.insert(QStringLiteral("RESTIC_CACHE_DIR"), c.restic.cacheDir);
    restic.setProcessEnvironment(env);
    restic.start(TestSupport::resticBinary(),
                 {QStringLiteral("--no-lock"), QStringLiteral("snapshots"), QStringLiteral("--json"),
                  QStringLiteral("--tag"), QStringLiteral("backup_uuid:") + backupUuid});
    if (!restic.waitForFinished(60000) || restic.exitCode() != 0)
        return -1;
    return int(QJsonDocument::fromJson(restic.readAllStandardOutput()).array().size());
}

// The volumes and state directories under `root`, on `shared`'s repository: another node of it.
inline Config nodeConfig(const QString& root, const Config& shared)
{
    Config c = config(root);
    c.restic.repository = shared.restic.repository;
    c.restic.cacheDir = shared.restic.cacheDir;
    return c;
}

// A test binary's main() runs holdNode() when called as `<binary> --hold-node <root> <repository>`.
inline bool isHoldNodeCall(int argc, char** argv)
{
    return argc == 4 && qstrcmp(argv[1], "--hold-node") == 0;
}

// A second Pouch process: claims the node of nodeConfig(root) as headless does, says "held", and keeps it
// until its stdin closes.
inline int holdNode(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    Config shared;
    shared.restic.repository = QString::fromLocal8Bit(argv[3]);
    BackupService service(nodeConfig(QString::fromLocal8Bit(argv[2]), shared));
    QString error;
    if (!service.claimNode(QStringLiteral("headless"), &error)) {
        fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    fputs("held\n", stdout);
    fflush(stdout);
    char buffer[64];
    while (fread(buffer, 1, sizeof buffer, stdin) > 0) {
    }
    return 0;
}

// Starts this binary as holdNode() and waits until it holds the node; closeWriteChannel() lets it go.
inline bool startHoldingNode(QProcess& holder, const QString& root, const QString& repository)
{
    holder.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    holder.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--hold-node"), root, repository});
    if (!holder.waitForStarted())
        return false;
    QDeadlineTimer deadline(10000);
    while (!holder.canReadLine() && !deadline.hasExpired())
        holder.waitForReadyRead(100);
    return holder.readLine().trimmed() == "held";
}

} // namespace GuiRepo
