#include "GuiMain.h"
#include "JobListModel.h"

#include <QtTest>

// The German translation is built into the binary and picked by locale; English has none to load.
class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void germanIsEmbeddedAndLoaded()
    {
        QVERIFY(!installTranslations(QLocale(QLocale::English, QLocale::UnitedStates)));
        QCOMPARE(JobListModel::stateText(Job::State::Failed), QStringLiteral("Failed"));
        QVERIFY(installTranslations(QLocale(QLocale::German, QLocale::Germany)));
        QCOMPARE(JobListModel::stateText(Job::State::Failed), QStringLiteral("Fehlgeschlagen"));
        QCOMPARE(QCoreApplication::translate("MainWindow", "&Back Up Now"), QStringLiteral("Jetzt &sichern"));
        QCOMPARE(QCoreApplication::translate("ServerListModel", "%n snapshots · last %1", nullptr, 3),
                 QStringLiteral("3 Snapshots · zuletzt %1"));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
