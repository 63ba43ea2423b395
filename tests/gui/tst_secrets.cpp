#include "DesktopSettings.h"
#include "SecretStore.h"
#include "SettingsDialog.h"
#include "TestSupport.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <sys/stat.h>

// Secrets: the keychain round trip (when a Secret Service is reachable), the explicit 0600 file fallback,
// and the settings that never carry a secret into QSettings.
class TestSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void keychainRoundTrip();
    void fileFallbackRoundTripIsOwnerOnly();
    void corruptFileIsAnError();
    void savedSettingsHoldNoSecrets();
    void settingsDialogImportsWingsConfig();
    void settingsDialogSavesToFileOnlyWhenChosen();
    void settingsDialogShowsSecretsOnlyWhenAsked();
    void settingsDialogShowsLongValuesFromTheStart();

private:
    static SecretStore::Result wait(SecretStore& store, bool write, const QHash<QString, QString>& values,
                                    const QStringList& keys = SecretStore::allKeys());
    static int modeOf(const QString& path);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSecrets::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestSecrets::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

SecretStore::Result TestSecrets::wait(SecretStore& store, bool write, const QHash<QString, QString>& values,
                                      const QStringList& keys)
{
    std::optional<SecretStore::Result> result;
    if (write)
        store.write(values, [&result](const SecretStore::Result& r) { result = r; });
    else
        store.read(keys, [&result](const SecretStore::Result& r) { result = r; });
    // The callback always comes from the event loop, never synchronously.
    if (result)
        return SecretStore::Result{false, QStringLiteral("callback ran synchronously"), {}};
    QDeadlineTimer deadline(20000);
    while (!result && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    return result ? *result : SecretStore::Result{false, QStringLiteral("timed out"), {}};
}

int TestSecrets::modeOf(const QString& path)
{
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

void TestSecrets::keychainRoundTrip()
{
    QString why;
    // CI runs the tests under a session bus with an unlocked gnome-keyring (scripts/quickstart).
    POUCH_REQUIRE(SecretStore::keychainAvailable(&why),
                  QStringLiteral("No keychain to test against: %1 Run under dbus-run-session with an unlocked "
                                 "gnome-keyring (see scripts/quickstart) to cover this.")
                      .arg(why));
    SecretStore store(SecretStore::Backend::Keychain);
    // A service name of our own, so a developer's real "pouch" entries are never touched.
    store.setService(QStringLiteral("pouch-test-") + QUuid::createUuid().toString(QUuid::Id128));
    const QHash<QString, QString> secrets{{SecretStore::kPasswordKey, QStringLiteral("pä$$ word")},
                                          {SecretStore::kAwsSecretKey, QStringLiteral("very/secret+key")}};
    SecretStore::Result r = wait(store, true, secrets);
    QVERIFY2(r.ok, qPrintable(r.error));
    r = wait(store, false, {});
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.values.value(SecretStore::kPasswordKey), QStringLiteral("pä$$ word"));
    QCOMPARE(r.values.value(SecretStore::kAwsSecretKey), QStringLiteral("very/secret+key"));
    QVERIFY(!r.values.contains(SecretStore::kTokenKey)); // never written: missing, not an error

    // Empty values delete the entries (and leave nothing behind in the keychain).
    r = wait(store, true, {{SecretStore::kPasswordKey, QString()}, {SecretStore::kAwsSecretKey, QString()}});
    QVERIFY2(r.ok, qPrintable(r.error));
    r = wait(store, false, {});
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(r.values.isEmpty());
}

void TestSecrets::fileFallbackRoundTripIsOwnerOnly()
{
    SecretStore store(SecretStore::Backend::File);
    const QString path = m_dir->filePath(QStringLiteral("config/pouch/secrets.json"));
    store.setFilePath(path);
    QVERIFY(SecretStore::defaultFilePath().endsWith(QLatin1String("/secrets.json")));

    SecretStore::Result r = wait(store, false, {});
    QVERIFY2(r.ok, qPrintable(r.error)); // no file yet: nothing stored, not an error
    QVERIFY(r.values.isEmpty());

    r = wait(store, true,
             {{SecretStore::kPasswordKey, QStringLiteral("pw")}, {SecretStore::kTokenKey, QStringLiteral("tok")}});
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(modeOf(path), 0600);
    r = wait(store, false, {});
    QVERIFY(r.ok);
    QCOMPARE(r.values.value(SecretStore::kPasswordKey), QStringLiteral("pw"));
    QCOMPARE(r.values.value(SecretStore::kTokenKey), QStringLiteral("tok"));

    // A loosened file is tightened again on the next write; an empty value removes only that key.
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
    r = wait(store, true, {{SecretStore::kTokenKey, QString()}});
    QVERIFY(r.ok);
    QCOMPARE(modeOf(path), 0600);
    r = wait(store, false, {});
    QCOMPARE(r.values.value(SecretStore::kPasswordKey), QStringLiteral("pw"));
    QVERIFY(!r.values.contains(SecretStore::kTokenKey));
}

void TestSecrets::corruptFileIsAnError()
{
    const QString path = m_dir->filePath(QStringLiteral("secrets.json"));
    QVERIFY(TestSupport::writeFile(path, "{ not json"));
    SecretStore store(SecretStore::Backend::File);
    store.setFilePath(path);
    const SecretStore::Result r = wait(store, false, {});
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(path), qPrintable(r.error));
}

void TestSecrets::savedSettingsHoldNoSecrets()
{
    const QString ini = m_dir->filePath(QStringLiteral("pouch.ini"));
    {
        QSettings settings(ini, QSettings::IniFormat);
        DesktopSettings saved(settings);
        QVERIFY(!saved.hasSaved());
        DesktopValues v = DesktopSettings::defaults();
        v.repository = QStringLiteral("s3:https://s3.example.com/bucket");
        v.awsAccessKeyId = QStringLiteral("AKIAEXAMPLE");
        v.awsRegion = QStringLiteral("eu-central-1");
        v.dataDirectory = QStringLiteral("/srv/volumes");
        saved.save(v);
        QVERIFY(saved.hasSaved());
        const DesktopValues back = saved.load();
        QCOMPARE(back.repository, v.repository);
        QCOMPARE(back.awsRegion, v.awsRegion);
        QCOMPARE(back.dataDirectory, v.dataDirectory);

        DesktopSecrets s;
        s.password = QStringLiteral("repo-pass");
        s.awsSecretAccessKey = QStringLiteral("aws-secret");
        const Config c = DesktopSettings::toConfig(back, s);
        QCOMPARE(c.restic.repository, v.repository);
        QCOMPARE(c.restic.password, s.password);
        QCOMPARE(c.restic.awsSecretAccessKey, s.awsSecretAccessKey);
        QCOMPARE(c.restic.awsAccessKeyId, v.awsAccessKeyId);
        QCOMPARE(c.dataDirectory, v.dataDirectory);
        QVERIFY(c.restic.enabled);
    }
    QFile file(ini);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("s3.example.com"));
    QVERIFY(!text.contains("repo-pass"));
    QVERIFY(!text.contains("aws-secret"));
}

void TestSecrets::settingsDialogImportsWingsConfig()
{
    const QString yml = m_dir->filePath(QStringLiteral("config.yml"));
    const QByteArray yaml = R"(
token: wings-token
system:
  data: /srv/pelican/volumes
  backups:
    restic:
      enabled: true
      repository: "s3:https://minio.lan/backups"
      password: "imported-password"
      aws_access_key_id: AKIAIMPORTED
      aws_secret_access_key: "imported/secret"
      aws_region: us-west-2
      binary_path: /usr/local/bin/restic
      cache_dir: /var/cache/restic
      cacert: /etc/ssl/minio-ca.pem
)";
    QVERIFY(TestSupport::writeFile(yml, yaml));
    QFile::setPermissions(yml, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QSettings settings(m_dir->filePath(QStringLiteral("pouch.ini")), QSettings::IniFormat);
    SettingsDialog dialog(settings, DesktopSettings::defaults(), {});
    QVERIFY(!dialog.importFile(m_dir->filePath(QStringLiteral("missing.yml"))));
    QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("errorLabel"))->isVisibleTo(&dialog));

    QVERIFY(dialog.importFile(yml));
    const DesktopValues v = dialog.values();
    QCOMPARE(v.repository, QStringLiteral("s3:https://minio.lan/backups"));
    QCOMPARE(v.awsAccessKeyId, QStringLiteral("AKIAIMPORTED"));
    QCOMPARE(v.awsRegion, QStringLiteral("us-west-2"));
    QCOMPARE(v.binaryPath, QStringLiteral("/usr/local/bin/restic"));
    QCOMPARE(v.cacheDir, QStringLiteral("/var/cache/restic"));
    QCOMPARE(v.dataDirectory, QStringLiteral("/srv/pelican/volumes"));
    QCOMPARE(v.cacert, QStringLiteral("/etc/ssl/minio-ca.pem"));
    const DesktopSecrets s = dialog.secrets();
    QCOMPARE(s.password, QStringLiteral("imported-password"));
    QCOMPARE(s.awsSecretAccessKey, QStringLiteral("imported/secret"));
    QCOMPARE(s.token, QStringLiteral("wings-token"));
    // Importing fills the form only; nothing is saved until the user says so.
    QVERIFY(!DesktopSettings(settings).hasSaved());
}

void TestSecrets::settingsDialogSavesToFileOnlyWhenChosen()
{
    const QString ini = m_dir->filePath(QStringLiteral("pouch.ini"));
    const QString secretFile = m_dir->filePath(QStringLiteral("config/secrets.json"));
    QSettings settings(ini, QSettings::IniFormat);
    DesktopValues values = DesktopSettings::defaults();
    values.repository = QStringLiteral("/srv/restic-repo");
    DesktopSecrets secrets;
    secrets.password = QStringLiteral("dialog-password");
    SettingsDialog dialog(settings, values, secrets);
    dialog.setSecretFilePath(secretFile);
    dialog.setKeychainAvailable(false, QStringLiteral("No keychain in this test."));
    auto* useFile = dialog.findChild<QCheckBox*>(QStringLiteral("useFileCheck"));
    QVERIFY(useFile);
    QVERIFY(useFile->isVisibleTo(&dialog));
    QVERIFY(useFile->text().contains(secretFile));
    QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("storageLabel"))->text().contains(QLatin1String("No keychain")));

    // Without the explicit choice nothing is written.
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!QFile::exists(secretFile));
    QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("errorLabel"))->isVisibleTo(&dialog));

    useFile->setChecked(true);
    dialog.accept();
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(modeOf(secretFile), 0600);
    QFile f(secretFile);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().contains("dialog-password"));
    settings.sync();
    DesktopSettings saved(settings);
    QVERIFY(saved.hasSaved());
    QVERIFY(saved.load().secretsInFile);
    QFile iniFile(ini);
    QVERIFY(iniFile.open(QIODevice::ReadOnly));
    QVERIFY(!iniFile.readAll().contains("dialog-password"));
}

void TestSecrets::settingsDialogShowsSecretsOnlyWhenAsked()
{
    DesktopSecrets secrets;
    secrets.password = QStringLiteral("repo-pass");
    secrets.awsSecretAccessKey = QStringLiteral("aws-secret");
    secrets.token = QStringLiteral("api-token");
    QSettings settings(m_dir->filePath(QStringLiteral("pouch.ini")), QSettings::IniFormat);
    SettingsDialog dialog(settings, DesktopSettings::defaults(), secrets);
    const QStringList secretFields{QStringLiteral("passwordEdit"), QStringLiteral("awsSecretEdit"),
                                   QStringLiteral("tokenEdit")};
    auto* show = dialog.findChild<QCheckBox*>(QStringLiteral("showSecretsCheck"));
    QVERIFY(show);
    QVERIFY(!show->isChecked());
    for (const QString& name : secretFields)
        QCOMPARE(dialog.findChild<QLineEdit*>(name)->echoMode(), QLineEdit::PasswordEchoOnEdit);
    show->setChecked(true);
    for (const QString& name : secretFields)
        QCOMPARE(dialog.findChild<QLineEdit*>(name)->echoMode(), QLineEdit::Normal);
    QCOMPARE(dialog.findChild<QLineEdit*>(QStringLiteral("awsSecretEdit"))->displayText(),
             QStringLiteral("aws-secret"));
    show->setChecked(false);
    for (const QString& name : secretFields)
        QCOMPARE(dialog.findChild<QLineEdit*>(name)->echoMode(), QLineEdit::PasswordEchoOnEdit);
    QVERIFY(dialog.findChild<QLineEdit*>(QStringLiteral("awsSecretEdit"))->displayText() !=
            QStringLiteral("aws-secret"));
}

// A long secret is wider than its field: it shows from its first dot (not scrolled to its end with
// half a dot cut off at the left), with a margin from the frame.
void TestSecrets::settingsDialogShowsLongValuesFromTheStart()
{
    DesktopSecrets secrets;
    secrets.password = QString(80, QLatin1Char('p'));
    secrets.awsSecretAccessKey = QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY").repeated(2);
    DesktopValues values = DesktopSettings::defaults();
    values.repository = QStringLiteral("s3:https://s3.eu-central-1.amazonaws.com/acme-game-backups/pouch/") +
                        QString(60, QLatin1Char('x'));
    QSettings settings(m_dir->filePath(QStringLiteral("pouch.ini")), QSettings::IniFormat);
    SettingsDialog dialog(settings, values, secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::qWait(20);
    for (const char* name : {"passwordEdit", "awsSecretEdit", "repositoryEdit"}) {
        auto* edit = dialog.findChild<QLineEdit*>(QLatin1String(name));
        QVERIFY(edit);
        QVERIFY2(edit->fontMetrics().horizontalAdvance(edit->displayText()) > edit->width(), name); // overflows
        QCOMPARE(edit->cursorPosition(), 0);
        // Where the first character starts (the cursor at 0; Qt pads its rectangle): past the frame and the text
        // margin, not scrolled out to the left.
        const int x = edit->inputMethodQuery(Qt::ImCursorRectangle).toRect().center().x();
        QVERIFY2(x >= edit->textMargins().left() + 1,
                 qPrintable(QStringLiteral("%1: first character at x=%2").arg(QLatin1String(name)).arg(x)));
    }
}

QTEST_MAIN(TestSecrets)
#include "tst_secrets.moc"
