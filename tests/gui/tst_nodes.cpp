#include "AddNodeDialog.h"
#include "ApiHarness.h"
#include "Node.h"
#include "NodeListModel.h"
#include "NodeRegistry.h"
#include "SecretStore.h"
#include "TestSupport.h"
#include "TrustCertificateDialog.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <optional>

namespace {

// A Node whose state, info and servers the test sets, as a node's connection would. Its questions answer that it
// cannot answer them: the tests here are about the console's list of nodes, not about what a node knows.
class TestNode : public Node
{
    Q_OBJECT
public:
    TestNode(QString key, QString label, QString token = {}, QObject* parent = nullptr)
        : Node(parent), m_key(std::move(key)), m_label(std::move(label)), m_token(std::move(token))
    {
    }

    QString key() const override { return m_key; }
    QString label() const override { return m_label; }
    bool isLocal() const override { return m_key == QLatin1String("local"); }
    QString token() const { return m_token; }

    void drive(State state, const QString& message = {}) { setState(state, message); }
    void driveInfo(const NodeInfo& info) { setInfo(info); }

    QFuture<BackupService::SnapshotList> listSnapshots(const QString&) override
    {
        return QtFuture::makeReadyFuture(BackupService::SnapshotList{false, kNo, {}, false});
    }
    QFuture<BackupService::StatsResult> stats(const Snapshot&) override
    {
        BackupService::StatsResult r;
        r.error = kNo;
        return QtFuture::makeReadyFuture(r);
    }
    QFuture<BackupService::FileListing> listDirectory(const Snapshot&, const QString&) override
    {
        BackupService::FileListing r;
        r.status = BackupService::FileListing::Status::Failed;
        r.error = kNo;
        return QtFuture::makeReadyFuture(r);
    }
    QFuture<BackupService::FileSearch> searchFiles(const QString&, const QString&, int) override
    {
        BackupService::FileSearch r;
        r.error = kNo;
        return QtFuture::makeReadyFuture(r);
    }
    QFuture<BackupService::PathCheck> checkPaths(const Snapshot&, const QStringList&) override
    {
        BackupService::PathCheck r;
        r.status = BackupService::PathCheck::Status::Failed;
        r.error = kNo;
        return QtFuture::makeReadyFuture(r);
    }
    QFuture<BackupService::FileDiff> diffSnapshots(const Snapshot&, const Snapshot&) override
    {
        BackupService::FileDiff r;
        r.status = BackupService::FileDiff::Status::Failed;
        r.error = kNo;
        return QtFuture::makeReadyFuture(r);
    }
    QFuture<qint64> countExisting(const QString&, const QString&, const QStringList&) override
    {
        return QtFuture::makeReadyFuture(qint64(-1));
    }
    QFuture<BackupService::Started> startBackup(const QString&) override { return refused(); }
    QFuture<BackupService::Started> startRestore(const QString&, const Snapshot&,
                                                 const BackupService::RestoreRequest&) override
    {
        return refused();
    }
    QFuture<BackupService::Started> startDelete(const Snapshot&) override { return refused(); }
    QList<Job*> jobs() const override { return {}; }
    QFuture<RepositoryState> repositoryState() override { return failed<RepositoryState>(); }
    QFuture<LockList> listLocks() override { return failed<LockList>(); }
    QFuture<UnlockResult> unlock() override { return failed<UnlockResult>(); }
    QFuture<Growth> growth(const QString&) override { return failed<Growth>(); }
    QFuture<BackupService::Started> startCheck(const QString&) override { return refused(); }
    QFuture<BackupService::Started> startPrune() override { return refused(); }
    NodeDownload* download(const Snapshot&, const FileEntry&, ArchiveFormat, const QString&, QObject*) override
    {
        return nullptr;
    }

private:
    template <typename T> static QFuture<T> failed()
    {
        T answer;
        answer.error = kNo;
        return QtFuture::makeReadyFuture(answer);
    }
    static QFuture<BackupService::Started> refused()
    {
        return QtFuture::makeReadyFuture(BackupService::Started{BackupService::Error::Unavailable, kNo, nullptr});
    }
    static inline const QString kNo = QStringLiteral("a test node answers no questions");

    QString m_key;
    QString m_label;
    QString m_token;
};

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

// The console's nodes: the registry (QSettings for URL, label and pin, the secret store's 0600 file for the
// tokens), the Add Node dialog typed into, the trust-on-first-use dialog over certificates openssl makes here, and
// the node list model following nodes' states under QAbstractItemModelTester.
class TestNodes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void urlsAreNormalised_data();
    void urlsAreNormalised();
    void badUrlsAreRefusedAndChangeNothing_data();
    void badUrlsAreRefusedAndChangeNothing();
    void cleartextIsOnlyForThisMachine();
    void addPersistsTokenOnlyInTheSecretStore();
    void duplicateIsRefused();
    void removeDeletesTheToken();
    void pinPersistsAndBadPinsAreRefused();
    void settingsFileNodesAreReadOnly();
    void addNodeDialogValidatesAsTyped();
    void addNodeDialogSaysWhereTheTokenGoes();
    void trustDialogShowsOpensslsFingerprint();
    void trustDialogRefusesAChangedCertificate();
    void nodeListFollowsStates();
    void nodeListLeavesDeletedNodes();

private:
    std::unique_ptr<NodeRegistry> makeRegistry(bool load = true);
    QString wait(const std::function<void(NodeRegistry::Done)>& start);
    NodeEntry entry(const QString& url, const QString& token, const QString& label = {}) const;
    static QString opensslFingerprint(const QString& certPath);
    static QSslCertificate certificate(const QString& dir, QString* path = nullptr);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<SecretStore> m_store;
    QString m_settingsPath;
    QString m_secretsPath;
    QList<QPointer<TestNode>> m_made;
};

void TestNodes::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qRegisterMetaType<Node*>(); // for the spies on nodeAdded and nodeRemoved
}

void TestNodes::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settingsPath = m_dir->filePath(QStringLiteral("pouch.ini"));
    m_secretsPath = m_dir->filePath(QStringLiteral("config/pouch/secrets.json"));
    m_settings = std::make_unique<QSettings>(m_settingsPath, QSettings::IniFormat);
    m_store = std::make_unique<SecretStore>(SecretStore::Backend::File);
    m_store->setFilePath(m_secretsPath);
    m_made.clear();
}

void TestNodes::cleanup()
{
    m_store.reset();
    m_settings.reset();
    m_dir.reset();
}

std::unique_ptr<NodeRegistry> TestNodes::makeRegistry(bool load)
{
    auto registry = std::make_unique<NodeRegistry>(*m_settings, m_store.get());
    registry->setFactory([this](const NodeEntry& e, QObject* parent) {
        auto* node = new TestNode(e.key(), e.displayLabel(), e.token, parent);
        m_made << node;
        return node;
    });
    if (load) {
        QSignalSpy loaded(registry.get(), &NodeRegistry::loaded);
        registry->load();
        if (!loaded.wait(10000))
            return nullptr;
        if (!loaded.first().first().toString().isEmpty())
            qWarning() << "loaded with" << loaded.first().first().toString();
    }
    return registry;
}

QString TestNodes::wait(const std::function<void(NodeRegistry::Done)>& start)
{
    std::optional<QString> error;
    start([&error](const QString& e) { error = e; });
    if (error)
        return QStringLiteral("the callback ran synchronously");
    QDeadlineTimer deadline(10000);
    while (!error && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    return error ? *error : QStringLiteral("timed out");
}

NodeEntry TestNodes::entry(const QString& url, const QString& token, const QString& label) const
{
    NodeEntry e;
    e.url = QUrl(url);
    e.token = token;
    e.label = label;
    return e;
}

QString TestNodes::opensslFingerprint(const QString& certPath)
{
    QProcess openssl;
    // The very command the dialog shows, on this file.
    QStringList args = QProcess::splitCommand(TrustCertificateDialog::opensslCommand());
    const QString program = args.takeFirst();
    args.replaceInStrings(QStringLiteral("/etc/pouch/tls/cert.pem"), certPath);
    openssl.start(program, args);
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
        return {};
    // "sha256 Fingerprint=AB:CD:…" (OpenSSL 3) or "SHA256 Fingerprint=…" (1.1).
    const QString out = QString::fromLatin1(openssl.readAllStandardOutput()).trimmed();
    return out.section(QLatin1Char('='), 1);
}

QSslCertificate TestNodes::certificate(const QString& dir, QString* path)
{
    QString cert;
    QString key;
    QString error;
    if (!ApiHarness::makeCertificate(dir, &cert, &key, &error)) {
        qWarning().noquote() << error;
        return QSslCertificate();
    }
    if (path)
        *path = cert;
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(cert);
    return certs.isEmpty() ? QSslCertificate() : certs.first();
}

void TestNodes::urlsAreNormalised_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("key");
    QTest::newRow("trailing slash, capitals") << "https://Node1.Example.COM:8095/"
                                              << "https://node1.example.com:8095";
    QTest::newRow("spaces around") << "  https://node1.example.com:8095  "
                                   << "https://node1.example.com:8095";
    QTest::newRow("default https port") << "https://node1.example.com:443"
                                        << "https://node1.example.com";
    QTest::newRow("default http port") << "http://10.0.0.5:80/"
                                       << "http://10.0.0.5";
    QTest::newRow("http port on https") << "https://node1.example.com:80"
                                        << "https://node1.example.com:80";
    QTest::newRow("IPv6") << "https://[::1]:8095/"
                          << "https://[::1]:8095";
    QTest::newRow("scheme in capitals") << "HTTPS://node1:8095"
                                        << "https://node1:8095";
}

void TestNodes::urlsAreNormalised()
{
    QFETCH(QString, typed);
    QFETCH(QString, key);
    QString error;
    const QUrl url = NodeRegistry::normalizeUrl(typed, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(url.toString(QUrl::FullyEncoded), key);
    QCOMPARE(NodeRegistry::tokenKey(url), QStringLiteral("node-token:") + key);
}

void TestNodes::badUrlsAreRefusedAndChangeNothing_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("says");
    QTest::newRow("empty") << "   "
                           << "Enter the node's address";
    QTest::newRow("no scheme") << "node1.example.com:8095"
                               << "Start the address with https://";
    QTest::newRow("ftp") << "ftp://node1.example.com"
                         << "not ftp://";
    QTest::newRow("no host") << "https://"
                             << "no host name";
    QTest::newRow("user info") << "https://admin:secret@node1.example.com:8095"
                               << "user name and password";
    QTest::newRow("path") << "https://node1.example.com:8095/api/node"
                          << "without “/api/node”";
    QTest::newRow("query") << "https://node1.example.com:8095/?token=x"
                           << "without “?token=x”";
    QTest::newRow("fragment") << "https://node1.example.com:8095#top"
                              << "without “#top”";
    QTest::newRow("space in host") << "https://node one:8095"
                                   << "not a valid address";
    QTest::newRow("bad port") << "https://node1.example.com:99999"
                              << "not a valid address";
    QTest::newRow("port 0") << "https://node1.example.com:0"
                            << "Port 0";
}

void TestNodes::badUrlsAreRefusedAndChangeNothing()
{
    QFETCH(QString, typed);
    QFETCH(QString, says);
    QString error;
    QVERIFY(NodeRegistry::normalizeUrl(typed, &error).isEmpty());
    QVERIFY2(error.contains(says), qPrintable(error));

    auto registry = makeRegistry();
    QVERIFY(registry);
    QCOMPARE(wait([&](auto done) { registry->add(entry(QStringLiteral("https://good.example:8095"), "t0k"), done); }),
             QString());
    const QByteArray settingsBefore = readAll(m_settingsPath);
    const QByteArray secretsBefore = readAll(m_secretsPath);
    QVERIFY(!settingsBefore.isEmpty());
    QVERIFY(!secretsBefore.isEmpty());

    // The registry refuses it as well, whichever way the text reaches it, and nothing changes.
    const QString refused = wait([&](auto done) {
        NodeEntry e;
        e.url = QUrl(typed.trimmed(), QUrl::TolerantMode);
        e.token = QStringLiteral("tok");
        registry->add(e, done);
    });
    QVERIFY2(!refused.isEmpty(), qPrintable(typed));
    QCOMPARE(registry->entries().size(), 1);
    QCOMPARE(registry->nodes().size(), 1);
    QCOMPARE(readAll(m_settingsPath), settingsBefore);
    QCOMPARE(readAll(m_secretsPath), secretsBefore);
}

void TestNodes::cleartextIsOnlyForThisMachine()
{
    auto clear = [](const char* url) { return NodeRegistry::isCleartextToRemote(QUrl(QString::fromLatin1(url))); };
    QVERIFY(clear("http://10.0.0.5:8095"));
    QVERIFY(clear("http://node1.example.com:8095"));
    QVERIFY(!clear("http://127.0.0.1:8095"));
    QVERIFY(!clear("http://127.3.4.5:8095"));
    QVERIFY(!clear("http://[::1]:8095"));
    QVERIFY(!clear("http://localhost:8095"));
    QVERIFY(!clear("https://10.0.0.5:8095"));
}

void TestNodes::addPersistsTokenOnlyInTheSecretStore()
{
    auto registry = makeRegistry();
    QVERIFY(registry);
    QSignalSpy added(registry.get(), &NodeRegistry::nodeAdded);
    const QString tokenA = QStringLiteral("tokenA-5f1e9c0d7b3a42e8");
    const QString tokenB = QStringLiteral("tokenB-9a8b7c6d5e4f3a2b");
    QCOMPARE(wait([&](auto done) {
                 registry->add(entry(QStringLiteral("https://Node-A.example:8095/"), tokenA, QStringLiteral("Node A")),
                               done);
             }),
             QString());
    QCOMPARE(wait([&](auto done) { registry->add(entry(QStringLiteral("http://127.0.0.1:8096"), tokenB), done); }),
             QString());
    QCOMPARE(added.size(), 2);
    QCOMPARE(registry->nodes().size(), 2);
    auto* nodeA = qobject_cast<TestNode*>(registry->node(QStringLiteral("https://node-a.example:8095")));
    QVERIFY(nodeA);
    QCOMPARE(nodeA->token(), tokenA);
    QCOMPARE(nodeA->label(), QStringLiteral("Node A"));
    QCOMPARE(registry->entry(QStringLiteral("http://127.0.0.1:8096"))->displayLabel(),
             QStringLiteral("127.0.0.1:8096"));

    // The settings file has the URLs and no token; the secret store's 0600 file has both tokens under their keys.
    const QByteArray ini = readAll(m_settingsPath);
    QVERIFY2(ini.contains("https://node-a.example:8095"), ini.constData());
    QVERIFY2(ini.contains("http://127.0.0.1:8096"), ini.constData());
    QVERIFY2(!ini.contains(tokenA.toUtf8()) && !ini.contains(tokenB.toUtf8()), ini.constData());
    QVERIFY(!ini.contains("tokenA") && !ini.contains("tokenB"));
    const QJsonObject secrets = QJsonDocument::fromJson(readAll(m_secretsPath)).object();
    QCOMPARE(secrets.value(QStringLiteral("node-token:https://node-a.example:8095")).toString(), tokenA);
    QCOMPARE(secrets.value(QStringLiteral("node-token:http://127.0.0.1:8096")).toString(), tokenB);
    const QFileDevice::Permissions mode = QFile::permissions(m_secretsPath);
    QVERIFY(mode.testFlag(QFileDevice::ReadOwner));
    QVERIFY(!(mode &
              (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther)));

    // A fresh console: the same entries in the same order, tokens read back, a node made for each.
    registry.reset();
    m_settings = std::make_unique<QSettings>(m_settingsPath, QSettings::IniFormat);
    m_made.clear();
    auto again = makeRegistry();
    QVERIFY(again);
    const QList<NodeEntry> entries = again->entries();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries[0].key(), QStringLiteral("https://node-a.example:8095"));
    QCOMPARE(entries[0].label, QStringLiteral("Node A"));
    QCOMPARE(entries[0].token, tokenA);
    QCOMPARE(entries[1].key(), QStringLiteral("http://127.0.0.1:8096"));
    QCOMPARE(entries[1].token, tokenB);
    QCOMPARE(m_made.size(), 2);
    QCOMPARE(m_made[1]->token(), tokenB);
}

void TestNodes::duplicateIsRefused()
{
    auto registry = makeRegistry();
    QVERIFY(registry);
    QCOMPARE(wait([&](auto done) {
                 registry->add(entry(QStringLiteral("https://node1.example.com"), "first", "One"), done);
             }),
             QString());
    const QByteArray secretsBefore = readAll(m_secretsPath);
    for (const char* same : {"https://NODE1.example.com/", "https://node1.example.com:443"}) {
        const QString error = wait([&](auto done) { registry->add(entry(QString::fromLatin1(same), "second"), done); });
        QVERIFY2(error.contains(QLatin1String("already in the list")) && error.contains(QLatin1String("One")),
                 qPrintable(error));
    }
    // Two adds of one new node before either is stored: the second is refused too.
    QString first;
    QString second;
    bool firstDone = false;
    registry->add(entry(QStringLiteral("https://node2.example.com"), "a"), [&](const QString& e) {
        first = e;
        firstDone = true;
    });
    QCOMPARE(wait([&](auto done) {
                 registry->add(entry(QStringLiteral("https://node2.example.com"), "b"), done);
             }).contains(QLatin1String("already")),
             true);
    QTRY_VERIFY(firstDone);
    QCOMPARE(first, QString());
    QCOMPARE(registry->entries().size(), 2);
    const QJsonObject secrets = QJsonDocument::fromJson(readAll(m_secretsPath)).object();
    QCOMPARE(secrets.value(QStringLiteral("node-token:https://node1.example.com")).toString(), QStringLiteral("first"));
    QCOMPARE(secrets.value(QStringLiteral("node-token:https://node2.example.com")).toString(), QStringLiteral("a"));
    Q_UNUSED(secretsBefore);

    // An empty or broken token, and adding before the saved nodes are read, are refused as well.
    QVERIFY(wait([&](auto done) {
                registry->add(entry(QStringLiteral("https://node3.example.com"), ""), done);
            }).contains(QLatin1String("Enter the node's token")));
    QVERIFY(wait([&](auto done) {
                registry->add(entry(QStringLiteral("https://node3.example.com"), "a b"), done);
            }).contains(QLatin1String("spaces")));
    auto unloaded = makeRegistry(false);
    QVERIFY(wait([&](auto done) {
                unloaded->add(entry(QStringLiteral("https://node3.example.com"), "t"), done);
            }).contains(QLatin1String("still being read")));
    QCOMPARE(registry->entries().size(), 2);
}

void TestNodes::removeDeletesTheToken()
{
    auto registry = makeRegistry();
    QVERIFY(registry);
    QCOMPARE(wait([&](auto done) { registry->add(entry(QStringLiteral("https://a.example"), "tokA"), done); }),
             QString());
    QCOMPARE(wait([&](auto done) { registry->add(entry(QStringLiteral("https://b.example"), "tokB"), done); }),
             QString());
    QPointer<Node> nodeA = registry->node(QStringLiteral("https://a.example"));
    QVERIFY(nodeA);
    // nodeRemoved comes while the node is still alive, for the views to let go of it.
    QList<bool> removedAlive;
    connect(registry.get(), &NodeRegistry::nodeRemoved, this,
            [&](Node* n) { removedAlive << (n == nodeA.data() && !nodeA.isNull()); });

    QCOMPARE(wait([&](auto done) { registry->remove(QStringLiteral("https://a.example"), done); }), QString());
    QCOMPARE(removedAlive, QList<bool>{true});
    QTRY_VERIFY(!nodeA); // deleted from the event loop
    QCOMPARE(registry->entries().size(), 1);
    QCOMPARE(registry->entries().first().key(), QStringLiteral("https://b.example"));
    const QJsonObject secrets = QJsonDocument::fromJson(readAll(m_secretsPath)).object();
    QVERIFY(!secrets.contains(QStringLiteral("node-token:https://a.example")));
    QCOMPARE(secrets.value(QStringLiteral("node-token:https://b.example")).toString(), QStringLiteral("tokB"));
    QVERIFY(!readAll(m_settingsPath).contains("a.example"));

    // An unknown node: a clear error, nothing changed.
    const QByteArray before = readAll(m_settingsPath);
    QVERIFY(wait([&](auto done) {
                registry->remove(QStringLiteral("https://a.example"), done);
            }).contains(QLatin1String("not in the list")));
    QCOMPARE(readAll(m_settingsPath), before);
    QCOMPARE(registry->entries().size(), 1);

    // Reloaded, the removed node stays gone.
    registry.reset();
    m_settings = std::make_unique<QSettings>(m_settingsPath, QSettings::IniFormat);
    auto again = makeRegistry();
    QVERIFY(again);
    QCOMPARE(again->entries().size(), 1);
    QCOMPARE(again->entries().first().key(), QStringLiteral("https://b.example"));
}

void TestNodes::pinPersistsAndBadPinsAreRefused()
{
    auto registry = makeRegistry();
    QVERIFY(registry);
    QCOMPARE(wait([&](auto done) { registry->add(entry(QStringLiteral("https://a.example:8095"), "tok"), done); }),
             QString());
    const QString key = QStringLiteral("https://a.example:8095");
    const QByteArray pin = QCryptographicHash::hash("a certificate", QCryptographicHash::Sha256).toHex();
    QSignalSpy changed(registry.get(), &NodeRegistry::entryChanged);
    QVERIFY(registry->setPinned(key, pin));
    QCOMPARE(changed.size(), 1);
    const QByteArray before = readAll(m_settingsPath);
    QVERIFY(before.contains(pin));
    for (const QByteArray& bad : {QByteArray("abc"), pin.toUpper(), QByteArray(64, 'g'), pin + "00"})
        QVERIFY(!registry->setPinned(key, bad));
    QVERIFY(!registry->setPinned(QStringLiteral("https://unknown.example"), pin));
    QCOMPARE(registry->entry(key)->pinnedSha256, pin);
    QCOMPARE(readAll(m_settingsPath), before);
    QCOMPARE(changed.size(), 1);

    registry.reset();
    m_settings = std::make_unique<QSettings>(m_settingsPath, QSettings::IniFormat);
    auto again = makeRegistry();
    QVERIFY(again);
    QCOMPARE(again->entry(key)->pinnedSha256, pin);
    QVERIFY(again->setPinned(key, {}));
    QVERIFY(!readAll(m_settingsPath).contains(pin));
}

void TestNodes::settingsFileNodesAreReadOnly()
{
    const QString file = QStringLiteral("/etc/pouch/pouch.yml");
    PouchSettings ps;
    QString error;
    QVERIFY2(PouchSettings::parse("console:\n  nodes:\n    - name: node-a\n      url: https://node-a.example:8095/\n"
                                  "    - url: https://saved.example\n",
                                  file, ps, error),
             qPrintable(error));
    {
        auto first = makeRegistry();
        QVERIFY(first);
        QCOMPARE(wait([&](auto done) {
                     first->add(entry(QStringLiteral("https://saved.example"), "tokS", "Saved here"), done);
                 }),
                 QString());
    }
    m_settings = std::make_unique<QSettings>(m_settingsPath, QSettings::IniFormat);
    auto registry = makeRegistry(false);
    registry->setFileNodes(ps.consoleNodes, file);
    QSignalSpy loaded(registry.get(), &NodeRegistry::loaded);
    registry->load();
    QVERIFY(loaded.wait(10000));
    // The node saved here stands once, as saved; the file's other node joins read-only, without a token yet.
    QCOMPARE(registry->entries().size(), 2);
    QCOMPARE(registry->entries()[0].key(), QStringLiteral("https://saved.example"));
    QVERIFY(!registry->entries()[0].readOnly);
    const QString key = QStringLiteral("https://node-a.example:8095");
    const NodeEntry* fromFile = registry->entry(key);
    QVERIFY(fromFile);
    QVERIFY(fromFile->readOnly);
    QCOMPARE(fromFile->label, QStringLiteral("node-a"));
    QVERIFY(fromFile->token.isEmpty());
    QCOMPARE(registry->nodes().size(), 2);

    const QByteArray settingsBefore = readAll(m_settingsPath);
    const QString refused = wait([&](auto done) { registry->remove(key, done); });
    QVERIFY2(refused.contains(file) && refused.contains(QLatin1String("console.nodes")), qPrintable(refused));
    QVERIFY(wait([&](auto done) { registry->add(entry(key, "tok"), done); }).contains(QLatin1String("already")));
    QCOMPARE(readAll(m_settingsPath), settingsBefore);

    // Its token goes to the secret store, its pin to the settings; neither into the file's list.
    QPointer<Node> oldNode = registry->node(key);
    QCOMPARE(wait([&](auto done) { registry->setToken(key, QStringLiteral("tokA"), done); }), QString());
    QTRY_VERIFY(!oldNode); // a node is made with its token: a new one for the new token
    QCOMPARE(qobject_cast<TestNode*>(registry->node(key))->token(), QStringLiteral("tokA"));
    const QByteArray pin = QCryptographicHash::hash("node-a", QCryptographicHash::Sha256).toHex();
    QVERIFY(registry->setPinned(key, pin));
    QVERIFY(!readAll(m_settingsPath).contains("tokA"));

    registry.reset();
    m_settings = std::make_unique<QSettings>(m_settingsPath, QSettings::IniFormat);
    auto again = makeRegistry(false);
    again->setFileNodes(ps.consoleNodes, file);
    QSignalSpy loadedAgain(again.get(), &NodeRegistry::loaded);
    again->load();
    QVERIFY(loadedAgain.wait(10000));
    QCOMPARE(again->entries().size(), 2);
    QCOMPARE(again->entry(key)->token, QStringLiteral("tokA"));
    QCOMPARE(again->entry(key)->pinnedSha256, pin);
    QVERIFY(again->entry(key)->readOnly);
}

void TestNodes::addNodeDialogValidatesAsTyped()
{
    AddNodeDialog dialog;
    dialog.setExistingKeys({QStringLiteral("https://taken.example:8095")});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* url = dialog.findChild<QLineEdit*>(QStringLiteral("urlEdit"));
    auto* token = dialog.findChild<QLineEdit*>(QStringLiteral("tokenEdit"));
    auto* label = dialog.findChild<QLineEdit*>(QStringLiteral("labelEdit"));
    auto* buttons = dialog.findChild<QDialogButtonBox*>();
    QVERIFY(url && token && label && buttons);
    QPushButton* ok = buttons->button(QDialogButtonBox::Ok);
    QCOMPARE(token->echoMode(), QLineEdit::Password);

    // Nothing typed: no complaint yet, but no OK either.
    QVERIFY(dialog.urlMessage().isEmpty());
    QVERIFY(dialog.tokenMessage().isEmpty());
    QVERIFY(!ok->isEnabled());

    QTest::keyClicks(url, QStringLiteral("node1.example.com:8095"));
    QVERIFY2(dialog.urlMessage().contains(QLatin1String("https://")), qPrintable(dialog.urlMessage()));
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(token, QStringLiteral("secret-token"));
    QVERIFY(!ok->isEnabled()); // a good token does not make a bad address good

    url->clear();
    QTest::keyClicks(url, QStringLiteral("https://node1.example.com:8095/api"));
    QVERIFY2(dialog.urlMessage().contains(QLatin1String("/api")), qPrintable(dialog.urlMessage()));
    QVERIFY(!ok->isEnabled());
    QTest::keyClick(url, Qt::Key_Backspace);
    QTest::keyClick(url, Qt::Key_Backspace);
    QTest::keyClick(url, Qt::Key_Backspace);
    QVERIFY2(dialog.urlMessage().isEmpty(), qPrintable(dialog.urlMessage()));
    QVERIFY(ok->isEnabled());

    // The token emptied: said, and OK goes.
    token->selectAll();
    QTest::keyClick(token, Qt::Key_Backspace);
    QCOMPARE(dialog.tokenMessage(), NodeRegistry::tokenProblem({}));
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(token, QStringLiteral("two words"));
    QVERIFY(dialog.tokenMessage().contains(QLatin1String("spaces")));
    QVERIFY(!ok->isEnabled());
    token->selectAll();
    QTest::keyClicks(token, QStringLiteral("tok-3f9a"));
    QVERIFY(dialog.tokenMessage().isEmpty());
    QVERIFY(ok->isEnabled());

    // A node already listed, however it is spelt.
    url->selectAll();
    QTest::keyClicks(url, QStringLiteral("https://TAKEN.example:8095/"));
    QVERIFY2(dialog.urlMessage().contains(QLatin1String("already")), qPrintable(dialog.urlMessage()));
    QVERIFY(!ok->isEnabled());

    // http:// to another machine warns, but may be what the admin wants on a private network; to this one it is fine.
    url->selectAll();
    QTest::keyClicks(url, QStringLiteral("http://10.0.0.5:8095"));
    QVERIFY2(dialog.urlMessage().contains(QLatin1String("clear text")) &&
                 dialog.urlMessage().contains(QLatin1String("10.0.0.5")),
             qPrintable(dialog.urlMessage()));
    QVERIFY(ok->isEnabled());
    // The wrapped warning is shown whole: the dialog grew for it, the name field below it.
    auto* message = dialog.findChild<QLabel*>(QStringLiteral("urlMessage"));
    QVERIFY(message->height() >= 2 * message->fontMetrics().lineSpacing());
    QVERIFY(message->geometry().bottom() < label->geometry().top());
    QVERIFY(dialog.layout()->geometry().bottom() < dialog.height());
    url->selectAll();
    QTest::keyClicks(url, QStringLiteral("http://127.0.0.1:8095"));
    QVERIFY(dialog.urlMessage().isEmpty());
    QVERIFY(ok->isEnabled());

    QTest::keyClicks(label, QStringLiteral("  Lab box "));
    const NodeEntry e = dialog.entry();
    QCOMPARE(e.key(), QStringLiteral("http://127.0.0.1:8095"));
    QCOMPARE(e.label, QStringLiteral("Lab box"));
    QCOMPARE(e.token, QStringLiteral("tok-3f9a"));
    QTest::keyClick(token, Qt::Key_Return);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestNodes::addNodeDialogSaysWhereTheTokenGoes()
{
    AddNodeDialog dialog;
    auto* storage = dialog.findChild<QLabel*>(QStringLiteral("storageLabel"));
    QVERIFY(storage);
    QVERIFY(storage->text().contains(QLatin1String("keychain")));
    const QString file = m_dir->filePath(QStringLiteral("secrets.json"));
    dialog.setTokenStorage(SecretStore::Backend::File, file);
    QVERIFY2(storage->text().contains(file) && storage->text().contains(QLatin1String("0600")),
             qPrintable(storage->text()));
    auto* show = dialog.findChild<QCheckBox*>(QStringLiteral("showTokenCheck"));
    auto* token = dialog.findChild<QLineEdit*>(QStringLiteral("tokenEdit"));
    show->setChecked(true);
    QCOMPARE(token->echoMode(), QLineEdit::Normal);
}

void TestNodes::trustDialogShowsOpensslsFingerprint()
{
    QString path;
    const QSslCertificate cert = certificate(m_dir->path(), &path);
    QVERIFY(!cert.isNull());
    const QString expected = opensslFingerprint(path);
    QCOMPARE(expected.size(), 95); // 32 pairs and 31 colons

    TrustCertificateDialog dialog(QUrl(QStringLiteral("https://127.0.0.1:8095")), cert);
    QCOMPARE(dialog.mode(), TrustCertificateDialog::Mode::FirstUse);
    QCOMPARE(dialog.shownFingerprint(), expected);
    QCOMPARE(QString::fromLatin1(dialog.fingerprint()), expected.toLower().remove(QLatin1Char(':')));
    QVERIFY(NodeRegistry::isValidPin(dialog.fingerprint()));
    QVERIFY(dialog.shownPinnedFingerprint().isEmpty());

    QStringList texts;
    for (const QLabel* l : dialog.findChildren<QLabel*>())
        texts << l->text();
    const QString all = texts.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QLatin1String("https://127.0.0.1:8095")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("127.0.0.1 (self-signed)")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("does not trust")), qPrintable(all));
    QVERIFY(all.contains(TrustCertificateDialog::opensslCommand()));
    QVERIFY(all.contains(QLocale().toString(cert.expiryDate().toLocalTime(), QLocale::ShortFormat)));

    // Enter is Cancel; only the button trusts.
    QVERIFY(dialog.trustButton());
    QVERIFY(!dialog.trustButton()->isDefault());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClick(&dialog, Qt::Key_Return);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!dialog.isVisible());
    dialog.show();
    QTest::mouseClick(dialog.trustButton(), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestNodes::trustDialogRefusesAChangedCertificate()
{
    QTemporaryDir other;
    QString firstPath;
    QString secondPath;
    const QSslCertificate first = certificate(m_dir->path(), &firstPath);
    const QSslCertificate second = certificate(other.path(), &secondPath);
    QVERIFY(!first.isNull() && !second.isNull());
    const QByteArray pinned = TrustCertificateDialog::fingerprintOf(first);
    QVERIFY(pinned != TrustCertificateDialog::fingerprintOf(second));

    // The pinned one presented again is no change.
    QCOMPARE(TrustCertificateDialog(QUrl(QStringLiteral("https://127.0.0.1:8095")), first, pinned).mode(),
             TrustCertificateDialog::Mode::FirstUse);

    TrustCertificateDialog dialog(QUrl(QStringLiteral("https://127.0.0.1:8095")), second, pinned);
    QCOMPARE(dialog.mode(), TrustCertificateDialog::Mode::Changed);
    QCOMPARE(dialog.shownPinnedFingerprint(), opensslFingerprint(firstPath));
    QCOMPARE(dialog.shownFingerprint(), opensslFingerprint(secondPath));
    QVERIFY(!dialog.trustButton());
    const QList<QPushButton*> buttons = dialog.findChildren<QPushButton*>();
    QCOMPARE(buttons.size(), 1);
    QCOMPARE(dialog.findChild<QDialogButtonBox*>()->standardButton(buttons.first()), QDialogButtonBox::Close);
    QStringList texts;
    for (const QLabel* l : dialog.findChildren<QLabel*>())
        texts << l->text();
    const QString all = texts.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QLatin1String("has changed")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("remove this node and add it again")), qPrintable(all));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClick(&dialog, Qt::Key_Return);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

void TestNodes::nodeListFollowsStates()
{
    NodeListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    TestNode local(QStringLiteral("local"), QStringLiteral("This computer"));
    TestNode remote(QStringLiteral("https://node-a.example:8095"), QStringLiteral("node-a.example:8095"));
    model.addNode(&local);
    model.addNode(&remote, QStringLiteral("Node A"));
    model.addNode(&remote); // once only
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(&remote), 1);
    QCOMPARE(model.nodeAt(1), &remote);
    const QModelIndex row = model.index(1);
    QCOMPARE(row.data().toString(), QStringLiteral("Node A"));
    QCOMPARE(row.data(NodeListModel::NodeRole).value<Node*>(), &remote);
    QCOMPARE(row.data(NodeListModel::KeyRole).toString(), remote.key());
    QVERIFY(model.index(0).data(NodeListModel::IsLocalRole).toBool());
    QVERIFY(model.index(0).data(Qt::ToolTipRole).toString().contains(QLatin1String("This computer")));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const QList<Node::State> states{Node::State::Connecting,           Node::State::Connected,
                                    Node::State::Unreachable,          Node::State::WrongToken,
                                    Node::State::CertificateUntrusted, Node::State::Unavailable};
    QSet<QRgb> colours;
    QSet<qint64> icons;
    for (Node::State state : states) {
        const QString message = state == Node::State::Connected ? QString() : QStringLiteral("why %1").arg(int(state));
        changed.clear();
        remote.drive(state, message);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.last().at(0).toModelIndex(), row);
        QCOMPARE(row.data(NodeListModel::StateRole).toInt(), int(state));
        QCOMPARE(row.data(NodeListModel::StateTextRole).toString(), Node::stateText(state));
        QCOMPARE(row.data(NodeListModel::StateMessageRole).toString(), message);
        const QString tip = row.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(remote.key()) && tip.contains(Node::stateText(state)) && tip.contains(message),
                 qPrintable(tip));
        const QIcon icon = row.data(Qt::DecorationRole).value<QIcon>();
        QVERIFY(!icon.isNull());
        // The icon's disc is the state's colour.
        const QImage image = icon.pixmap(QSize(24, 24), 1.0).toImage();
        const QColor colour = row.data(NodeListModel::StateColorRole).value<QColor>();
        QCOMPARE(image.pixelColor(12, 3).rgb(), colour.rgb());
        colours.insert(colour.rgb());
        icons.insert(icon.cacheKey());
    }
    QCOMPARE(icons.size(), states.size()); // one icon per state
    QCOMPARE(colours.size(), 5);           // unreachable and wrong token share red, told apart by their marks

    // What the node says about itself reaches the subtitle and the tooltip.
    remote.drive(Node::State::Connected);
    NodeInfo info;
    info.version = QStringLiteral("1.4.0");
    info.resticVersion = QStringLiteral("0.16.4");
    info.repository = QStringLiteral("s3:https://s3.example.com/backups");
    info.servers = 3;
    info.jobsRunning = 1;
    changed.clear();
    remote.driveInfo(info);
    QCOMPARE(changed.size(), 1);
    const QString tip = row.data(Qt::ToolTipRole).toString();
    for (const QString& part : {info.version, info.resticVersion, info.repository, QStringLiteral("3 servers"),
                                QStringLiteral("1 job running")})
        QVERIFY2(tip.contains(part), qPrintable(tip + QStringLiteral(" lacks ") + part));
    QCOMPARE(row.data(NodeListModel::SubtitleRole).toString(), QStringLiteral("Connected · 3 servers · 1 job running"));
    remote.drive(Node::State::WrongToken, QStringLiteral("The node refused the token."));
    QCOMPARE(row.data(NodeListModel::SubtitleRole).toString(), Node::stateText(Node::State::WrongToken));

    model.setLabel(&remote, {});
    QCOMPARE(row.data().toString(), remote.label());
    model.removeNode(&remote);
    QCOMPARE(model.rowCount(), 1);
    changed.clear();
    remote.drive(Node::State::Connected); // no longer watched
    QVERIFY(changed.isEmpty());
}

void TestNodes::nodeListLeavesDeletedNodes()
{
    NodeListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto registry = makeRegistry();
    QVERIFY(registry);
    connect(registry.get(), &NodeRegistry::nodeAdded, &model, [&model](Node* n) { model.addNode(n); });
    QCOMPARE(wait([&](auto done) { registry->add(entry(QStringLiteral("https://a.example"), "a", "A"), done); }),
             QString());
    QCOMPARE(wait([&](auto done) { registry->add(entry(QStringLiteral("https://b.example"), "b", "B"), done); }),
             QString());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0).data().toString(), QStringLiteral("A"));
    QCOMPARE(wait([&](auto done) { registry->remove(QStringLiteral("https://a.example"), done); }), QString());
    QTRY_COMPARE(model.rowCount(), 1); // the node's deletion takes its row
    QCOMPARE(model.index(0).data().toString(), QStringLiteral("B"));
    registry.reset();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestNodes)
#include "tst_nodes.moc"
