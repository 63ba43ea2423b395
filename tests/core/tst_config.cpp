#include "Config.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

class TestConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void fullWingsConfig();
    void unknownKeysIgnored();
    void badInput_data();
    void badInput();
    void missingFile();
    void saveRoundTripIsPrivate();
    void settingsLayerOverWings();
    void maintenanceSettings();
    void badMaintenanceSettings_data();
    void badMaintenanceSettings();
    void embeddedDefault();
    void worldReadableConfigIsWarnedAbout();
};

void TestConfig::worldReadableConfigIsWarnedAbout()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.yml"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("token: abc\n");
    f.close();
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("readable by other users.*chmod 600")));
    Config c;
    QString error;
    QVERIFY2(Config::loadFile(path, c, error), qPrintable(error));
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0600) == 0);
    QTest::failOnWarning(QRegularExpression(QStringLiteral("readable by other users")));
    QVERIFY(Config::loadFile(path, c, error));
}

void TestConfig::defaults()
{
    Config c;
    QString error;
    QVERIFY2(Config::parse("{}", QStringLiteral("empty.yml"), c, error), qPrintable(error));
    QCOMPARE(c.apiHost, QStringLiteral("0.0.0.0"));
    QCOMPARE(c.apiPort, 8080);
    QCOMPARE(c.remoteTimeoutSec, 30);
    QCOMPARE(c.dataDirectory, QStringLiteral("/var/lib/pelican/volumes"));
    QCOMPARE(c.restic.binaryPath, QStringLiteral("restic"));
    QCOMPARE(c.restic.cacheDir, QStringLiteral("/var/cache/pelican/restic"));
    QCOMPARE(c.compressionLevel, QStringLiteral("best_speed"));
    QVERIFY(!c.restic.enabled);
}

void TestConfig::fullWingsConfig()
{
    const QByteArray yaml = R"(
debug: true
uuid: 6a1b2c3d-0000-4000-8000-000000000001
token_id: abcdEFGH
token: s3cr3t-token
remote: https://panel.example.com
remote_query:
  timeout: 12
api:
  host: 127.0.0.1
  port: 9443
  ssl:
    enabled: true
    cert: /etc/ssl/cert.pem
    key: /etc/ssl/key.pem
system:
  root_directory: /srv/pelican
  data: /srv/pelican/volumes/
  tmp_directory: /tmp/pel
  backups:
    write_limit: 50
    compression_level: best_compression
    restic:
      enabled: true
      repository: "s3:s3.us-east-1.amazonaws.com/bucket"
      password: "repo-password"
      aws_access_key_id: AKIAEXAMPLE
      aws_secret_access_key: "secret/key"
      aws_region: us-east-1
      binary_path: /usr/bin/restic
      cache_dir: /var/cache/x
      cacert: /etc/ssl/private-ca.pem
)";
    Config c;
    QString error;
    QVERIFY2(Config::parse(yaml, QStringLiteral("config.yml"), c, error), qPrintable(error));
    QVERIFY(c.debug);
    QCOMPARE(c.nodeUuid, QStringLiteral("6a1b2c3d-0000-4000-8000-000000000001"));
    QCOMPARE(c.tokenId, QStringLiteral("abcdEFGH"));
    QCOMPARE(c.token, QStringLiteral("s3cr3t-token"));
    QCOMPARE(c.remote, QStringLiteral("https://panel.example.com"));
    QCOMPARE(c.remoteTimeoutSec, 12);
    QCOMPARE(c.apiHost, QStringLiteral("127.0.0.1"));
    QCOMPARE(c.apiPort, 9443);
    QVERIFY(c.sslEnabled);
    QCOMPARE(c.sslKey, QStringLiteral("/etc/ssl/key.pem"));
    QCOMPARE(c.rootDirectory, QStringLiteral("/srv/pelican"));
    QCOMPARE(c.dataDirectory, QStringLiteral("/srv/pelican/volumes")); // cleaned
    QCOMPARE(c.tmpDirectory, QStringLiteral("/tmp/pel"));
    QCOMPARE(c.writeLimitMiB, 50.0);
    QCOMPARE(c.compressionLevel, QStringLiteral("best_compression"));
    QVERIFY(c.restic.enabled);
    QCOMPARE(c.restic.repository, QStringLiteral("s3:s3.us-east-1.amazonaws.com/bucket"));
    QCOMPARE(c.restic.password, QStringLiteral("repo-password"));
    QCOMPARE(c.restic.awsAccessKeyId, QStringLiteral("AKIAEXAMPLE"));
    QCOMPARE(c.restic.awsSecretAccessKey, QStringLiteral("secret/key"));
    QCOMPARE(c.restic.awsRegion, QStringLiteral("us-east-1"));
    QCOMPARE(c.restic.binaryPath, QStringLiteral("/usr/bin/restic"));
    QCOMPARE(c.restic.cacheDir, QStringLiteral("/var/cache/x"));
    QCOMPARE(c.restic.cacert, QStringLiteral("/etc/ssl/private-ca.pem"));
}

void TestConfig::unknownKeysIgnored()
{
    const QByteArray yaml = R"(
app_name: Pelican
docker:
  network: {name: pelican_nw, interfaces: [a, b]}
system:
  sftp: {bind_port: 2022}
  backups:
    restic: {enabled: true, some_future_key: 1}
allowed_mounts: []
)";
    Config c;
    QString error;
    QVERIFY2(Config::parse(yaml, QStringLiteral("config.yml"), c, error), qPrintable(error));
    QVERIFY(c.restic.enabled);
}

void TestConfig::badInput_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("mustMention");
    QTest::newRow("bad yaml") << QByteArray("api:\n  port: [1, 2\n") << QStringLiteral("line");
    QTest::newRow("port not a number") << QByteArray("api:\n  port: eighty\n") << QStringLiteral("'api.port'");
    QTest::newRow("port out of range") << QByteArray("api:\n  port: 70000\n") << QStringLiteral("'api.port'");
    QTest::newRow("debug not bool") << QByteArray("debug: maybe\n") << QStringLiteral("'debug'");
    QTest::newRow("api not a map") << QByteArray("api: 5\n") << QStringLiteral("'api'");
    QTest::newRow("password is a list") << QByteArray("system:\n  backups:\n    restic:\n      password: [a]\n")
                                        << QStringLiteral("'system.backups.restic.password'");
    QTest::newRow("bad compression") << QByteArray("system:\n  backups:\n    compression_level: fast\n")
                                     << QStringLiteral("compression_level");
    QTest::newRow("relative data dir") << QByteArray("system:\n  data: volumes\n") << QStringLiteral("'system.data'");
    QTest::newRow("top level list") << QByteArray("- a\n- b\n") << QStringLiteral("line 1");
}

void TestConfig::badInput()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, mustMention);
    Config c;
    c.apiPort = 1234; // must stay untouched on failure
    QString error;
    QVERIFY(!Config::parse(yaml, QStringLiteral("/etc/pelican/config.yml"), c, error));
    QVERIFY2(error.contains(QLatin1String("/etc/pelican/config.yml")), qPrintable(error));
    QVERIFY2(error.contains(mustMention), qPrintable(error));
    QCOMPARE(c.apiPort, 1234);
}

void TestConfig::missingFile()
{
    Config c;
    QString error;
    QVERIFY(!Config::loadFile(QStringLiteral("/nonexistent/pouch/config.yml"), c, error));
    QVERIFY(error.contains(QLatin1String("/nonexistent/pouch/config.yml")));
    QVERIFY(error.contains(QLatin1String("does not exist")));
}

void TestConfig::saveRoundTripIsPrivate()
{
    QTemporaryDir dir;
    Config c;
    c.token = QStringLiteral("tok\"en: with # odd chars");
    c.restic.password = QStringLiteral("p@ss: word");
    c.restic.repository = QStringLiteral("/srv/repo");
    c.apiPort = 9000;
    c.writeLimitMiB = 5;
    c.nodeUuid = QStringLiteral("6a1b2c3d-0000-4000-8000-000000000002");
    QString error;
    const QString path = dir.filePath(QStringLiteral("sub/config.yml"));
    QVERIFY2(c.save(path, error), qPrintable(error));
    struct stat st
    {
    };
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600u);
    Config back;
    QVERIFY2(Config::loadFile(path, back, error), qPrintable(error));
    QCOMPARE(back.token, c.token);
    QCOMPARE(back.restic.password, c.restic.password);
    QCOMPARE(back.apiPort, 9000);
    QCOMPARE(back.writeLimitMiB, 5.0);
    QCOMPARE(back.nodeUuid, c.nodeUuid);
}

// The Pouch settings file over a Wings config: its keys win, what it leaves out stays Wings'.
void TestConfig::settingsLayerOverWings()
{
    Config c;
    c.apiHost = QStringLiteral("0.0.0.0");
    c.apiPort = 8080;
    c.restic.resyncIntervalSec = 60;
    PouchSettings empty;
    c.apply(empty);
    QCOMPARE(c.apiPort, 8080);
    QCOMPARE(c.restic.resyncIntervalSec, 60);
    QCOMPARE(c.settingsFile, PouchSettings::defaultPath());
    QVERIFY(!c.sslEnabled);

    PouchSettings s;
    QString error;
    QVERIFY2(PouchSettings::parse("listen: \"[::1]:8095\"\ncatalogue:\n  resync_interval: 15\nssl:\n  cert: /c.pem\n"
                                  "  key: /k.pem\nconsole:\n  nodes:\n    - url: https://n1.example:8095\n",
                                  QStringLiteral("pouch.yml"), s, error),
             qPrintable(error));
    QCOMPARE(s.consoleNodes.size(), 1);
    QCOMPARE(s.consoleNodes[0].name, QStringLiteral("n1.example")); // the host when no name is given
    c.apply(s);
    QCOMPARE(c.apiHost, QStringLiteral("::1"));
    QCOMPARE(c.apiPort, 8095);
    QCOMPARE(c.restic.resyncIntervalSec, 15);
    QVERIFY(c.sslEnabled);
    QCOMPARE(c.sslCert, QStringLiteral("/c.pem"));

    QString host;
    int port = 0;
    QVERIFY(Config::parseListen(QStringLiteral("127.0.0.1:1"), &host, &port));
    for (const char* bad : {"8095", ":8095", "host:", "::1:8095", "h:0", "h:65536", "h:80x"})
        QVERIFY2(!Config::parseListen(QString::fromLatin1(bad), &host, &port), bad);
    QCOMPARE(host, QStringLiteral("127.0.0.1"));
    QCOMPARE(port, 1);
}

// Schedules and the metrics token exist only in Pouch's settings; all off by default.
void TestConfig::maintenanceSettings()
{
    Config c;
    c.apply(PouchSettings());
    QCOMPARE(c.maintenance, MaintenanceSettings());
    QCOMPARE(c.maintenance.checkEveryDays, 0);
    QCOMPARE(c.maintenance.pruneEveryDays, 0);
    QCOMPARE(c.maintenance.pruneAfterDeletes, 0);
    QVERIFY(c.metricsToken.isEmpty());

    PouchSettings s;
    QString error;
    QVERIFY2(PouchSettings::parse("maintenance:\n  check:\n    every_days: 7\n    read_data_subset: \"2.5%\"\n"
                                  "  prune:\n    after_deletes: 10\n    every_days: 30\n  raw_size_interval: 600\n"
                                  "metrics:\n  token: abcdefghijklmnopq\n",
                                  QStringLiteral("pouch.yml"), s, error),
             qPrintable(error));
    c.apply(s);
    QCOMPARE(c.maintenance.checkEveryDays, 7);
    QCOMPARE(c.maintenance.checkReadDataSubset, QStringLiteral("2.5%"));
    QCOMPARE(c.maintenance.pruneAfterDeletes, 10);
    QCOMPARE(c.maintenance.pruneEveryDays, 30);
    QCOMPARE(c.maintenance.rawSizeIntervalSec, 600);
    QCOMPARE(c.metricsToken, QStringLiteral("abcdefghijklmnopq"));
}

void TestConfig::badMaintenanceSettings_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("expected");
    QTest::newRow("check days negative") << QByteArray("maintenance:\n  check:\n    every_days: -1\n")
                                         << QStringLiteral("pouch.yml: line 3: key 'maintenance.check.every_days'");
    QTest::newRow("check days not a number") << QByteArray("maintenance:\n  check:\n    every_days: weekly\n")
                                             << QStringLiteral("pouch.yml: line 3: key 'maintenance.check.every_days'");
    QTest::newRow("subset over 100%") << QByteArray(
                                             "maintenance:\n  check:\n    every_days: 1\n    read_data_subset: 120%\n")
                                      << QStringLiteral("pouch.yml: line 4: key 'maintenance.check.read_data_subset'");
    QTest::newRow("subset without unit") << QByteArray("maintenance:\n  check:\n    read_data_subset: 500\n")
                                         << QStringLiteral(
                                                "pouch.yml: line 3: key 'maintenance.check.read_data_subset'");
    QTest::newRow("prune deletes negative")
        << QByteArray("maintenance:\n  prune:\n    after_deletes: -3\n")
        << QStringLiteral("pouch.yml: line 3: key 'maintenance.prune.after_deletes'");
    QTest::newRow("prune days negative") << QByteArray("maintenance:\n  prune:\n    every_days: -1\n")
                                         << QStringLiteral("pouch.yml: line 3: key 'maintenance.prune.every_days'");
    QTest::newRow("raw size interval zero") << QByteArray("maintenance:\n  raw_size_interval: 0\n")
                                            << QStringLiteral("pouch.yml: line 2: key 'maintenance.raw_size_interval'");
    QTest::newRow("short metrics token") << QByteArray("# Pouch\nmetrics:\n  token: short\n")
                                         << QStringLiteral("pouch.yml: line 3: key 'metrics.token'");
    QTest::newRow("maintenance not a mapping")
        << QByteArray("maintenance: weekly\n") << QStringLiteral("pouch.yml: line 1: key 'maintenance'");
}

void TestConfig::badMaintenanceSettings()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, expected);
    PouchSettings s;
    s.metricsToken = QStringLiteral("unchanged");
    QString error;
    QVERIFY(!PouchSettings::parse(yaml, QStringLiteral("pouch.yml"), s, error));
    QVERIFY2(error.startsWith(expected), qPrintable(error));
    QCOMPARE(s.metricsToken, QStringLiteral("unchanged")); // nothing taken from a bad file
}

void TestConfig::embeddedDefault()
{
    QTemporaryDir home;
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toUtf8());
    qputenv("XDG_CACHE_HOME", home.filePath(QStringLiteral("cache")).toUtf8());
    QStandardPaths::setTestModeEnabled(false);
    Config first;
    QString error;
    QVERIFY2(Config::loadEmbeddedDefault(first, error), qPrintable(error));
    QVERIFY(first.embedded);
    QVERIFY(first.sourceFile.startsWith(home.path()));
    QVERIFY(first.restic.repository.startsWith(home.path()));
    QVERIFY(QFileInfo(first.dataDirectory).isDir());
    QVERIFY(first.restic.password.size() >= 32);
    QVERIFY(first.token.size() >= 32);
    QCOMPARE(first.apiHost, QStringLiteral("127.0.0.1"));
    QCOMPARE(QFile::permissions(first.sourceFile) & (QFileDevice::ReadOther | QFileDevice::ReadGroup), 0);
    // The secrets are generated once and then kept.
    Config second;
    QVERIFY2(Config::loadEmbeddedDefault(second, error), qPrintable(error));
    QCOMPARE(second.restic.password, first.restic.password);
    QCOMPARE(second.token, first.token);
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
