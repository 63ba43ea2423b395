#include "GuiMain.h"
#include "JobListModel.h"
#include "SettingsDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

// The German translation is built into the binary and picked by locale; English has none to load. Qt's own
// strings (dialog buttons) come from Qt's translations beside it.
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
        QCOMPARE(QCoreApplication::translate("ServerListModel", "%n snapshots · last backup %1", nullptr, 3),
                 QStringLiteral("3 Snapshots · letzte Sicherung %1"));
        QCOMPARE(QCoreApplication::translate("Format", "a moment ago"), QStringLiteral("gerade eben"));
    }

    // Save, Cancel, Yes and No are Qt's: German only with qtbase_de loaded (qt6-translations-l10n).
    void qtButtonsAreGerman()
    {
        QVERIFY(installTranslations(QLocale(QLocale::German, QLocale::Germany)));
        QCOMPARE(buttonText(QDialogButtonBox::Cancel), QStringLiteral("Abbrechen"));
        QCOMPARE(buttonText(QDialogButtonBox::Save), QStringLiteral("Speichern"));
        QCOMPARE(buttonText(QDialogButtonBox::Yes), QStringLiteral("Ja"));
        QCOMPARE(buttonText(QDialogButtonBox::No), QStringLiteral("Nein"));
        QMessageBox box(QMessageBox::Question, QStringLiteral("t"), QStringLiteral("t"),
                        QMessageBox::Yes | QMessageBox::No);
        QCOMPARE(box.button(QMessageBox::No)->text().remove(QLatin1Char('&')), QStringLiteral("Nein"));

        // Switching back replaces the German translators rather than stacking English ones on top.
        QVERIFY(!installTranslations(QLocale(QLocale::English, QLocale::UnitedStates)));
        QCOMPARE(buttonText(QDialogButtonBox::Cancel), QStringLiteral("Cancel"));
        QCOMPARE(JobListModel::stateText(Job::State::Failed), QStringLiteral("Failed"));
    }

    // German is longer than English: the settings dialog's wrapped notices must show every line, without
    // squeezing the fields above them, also when a notice appears in the open dialog.
    void germanSettingsAreNotClipped()
    {
        QVERIFY(installTranslations(QLocale(QLocale::German, QLocale::Germany)));
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("pouch.ini")), QSettings::IniFormat);
        DesktopValues values = DesktopSettings::defaults();
        values.repository = QStringLiteral("s3:https://s3.eu-central-1.amazonaws.com/acme-game-backups/pouch");
        SettingsDialog dialog(settings, values, {});
        dialog.setKeychainAvailable(false, QCoreApplication::translate("SecretStore", "No keychain (Secret Service or "
                                                                                      "KWallet) is running on the "
                                                                                      "session bus."));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        checkNothingClipped(dialog);
        dialog.setNotice(QCoreApplication::translate(
            "MainWindow", "You are on the built-in local repository. Enter your real repository, or import the "
                          "settings of a Wings config.yml."));
        QTest::qWait(50);
        checkNothingClipped(dialog);
        installTranslations(QLocale(QLocale::English, QLocale::UnitedStates));
    }

private:
    static void checkNothingClipped(QWidget& dialog)
    {
        for (const char* name : {"storageLabel", "noticeLabel"}) {
            auto* label = dialog.findChild<QLabel*>(QLatin1String(name));
            QVERIFY(label);
            if (!label->isVisible())
                continue;
            QVERIFY2(label->height() >= label->heightForWidth(label->width()),
                     qPrintable(QStringLiteral("%1: %2 px high, its text needs %3")
                                    .arg(QLatin1String(name))
                                    .arg(label->height())
                                    .arg(label->heightForWidth(label->width()))));
        }
        for (QLineEdit* edit : dialog.findChildren<QLineEdit*>()) {
            QVERIFY2(edit->height() >= edit->sizeHint().height(),
                     qPrintable(QStringLiteral("%1 squeezed to %2 px").arg(edit->objectName()).arg(edit->height())));
        }
    }

    static QString buttonText(QDialogButtonBox::StandardButton which)
    {
        QDialogButtonBox box(which);
        return box.button(which)->text().remove(QLatin1Char('&'));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
