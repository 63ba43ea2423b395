#include "GuiMain.h"
#include "GuiRepo.h"
#include "TestSupport.h"

#include <QFileInfo>
#include <QMainWindow>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

// SIGTERM and SIGINT close the console as File → Quit does, instead of killing it (exit 143): in this process
// with the handlers installed, and the real pouch binary with its window open.
class TestQuitSignal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(installQuitOnSignals()); }
    void sigtermClosesTheWindows() { closesOn(SIGTERM); }
    void sigintClosesTheWindows() { closesOn(SIGINT); }
    void pouchExitsNormallyOnSigterm();

private:
    static void closesOn(int signalNumber)
    {
        QMainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(::raise(signalNumber), 0); // without the handler the test process would end here
        QTRY_VERIFY(!window.isVisible());   // closed as by Quit (the application quits after it: see below)
    }
};

void TestQuitSignal::pouchExitsNormallyOnSigterm()
{
    const QString pouch = qEnvironmentVariable("POUCH_BUILD_DIR") + QStringLiteral("/src/app/pouch");
    POUCH_REQUIRE(QFileInfo(pouch).isExecutable(), QStringLiteral("no pouch binary at %1").arg(pouch));
    QTemporaryDir dir;
    const Config config = GuiRepo::config(dir.path());
    GuiRepo::addServer(config, TestSupport::uuidFor(1), {{QStringLiteral("a.txt"), "a\n"}});
    const QString file = dir.filePath(QStringLiteral("config.yml"));
    QString error;
    QVERIFY2(config.save(file, error), qPrintable(error));

    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("HOME"), dir.path()); // no saved settings of the user's are read or written
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("xdg")));
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(pouch, {QStringLiteral("--config"), file});
    QVERIFY(process.waitForStarted());
    // Up once it has read restic's version, which it asks for after opening the window.
    QByteArray output;
    QTRY_VERIFY_WITH_TIMEOUT((output += process.readAll()).contains("restic version"), 30000);
    process.terminate(); // SIGTERM
    QVERIFY(process.waitForFinished(30000));
    output += process.readAll();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    QVERIFY2(output.contains("SIGTERM received: closing the windows"), output.constData());
}

QTEST_MAIN(TestQuitSignal)
#include "tst_quitsignal.moc"
