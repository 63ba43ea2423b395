#include "NodeRegistry.h"
#include "Node.h"
#include "SecretStore.h"
#include "UiLogging.h"

#include <QHostAddress>
#include <QSettings>
#include <QTimer>

namespace {
const QString kNodes = QStringLiteral("nodes");
const QString kFilePins = QStringLiteral("nodePins"); // pins of the settings file's nodes, by URL
const QString kUrl = QStringLiteral("url");
const QString kLabel = QStringLiteral("label");
const QString kPin = QStringLiteral("pinnedSha256");
} // namespace

QString NodeEntry::displayLabel() const
{
    return label.isEmpty() ? url.authority() : label;
}

NodeRegistry::NodeRegistry(QSettings& settings, SecretStore* store, QObject* parent)
    : QObject(parent), m_settings(settings), m_store(store)
{
}

QString NodeRegistry::tokenKey(const QUrl& url)
{
    return QStringLiteral("node-token:") + url.toString(QUrl::FullyEncoded);
}

QUrl NodeRegistry::normalizeUrl(const QString& text, QString* error)
{
    auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return QUrl();
    };
    const QString t = text.trimmed();
    if (t.isEmpty())
        return fail(tr("Enter the node's address, for example https://node1.example.com:8095."));
    // "node1:8095" parses as scheme "node1", so the scheme is asked for before anything else.
    if (!t.contains(QLatin1String("://")))
        return fail(tr("Start the address with https:// (or http://), for example https://%1.")
                        .arg(t.section(QLatin1Char('/'), 0, 0)));
    QUrl url(t, QUrl::StrictMode);
    if (!url.isValid())
        return fail(tr("“%1” is not a valid address: %2").arg(t, url.errorString()));
    const QString scheme = url.scheme();
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        return fail(tr("A Pouch node is reached over https:// or http://, not %1://.").arg(scheme));
    if (url.host().isEmpty())
        return fail(tr("The address has no host name."));
    if (!url.userInfo().isEmpty())
        return fail(tr("Leave the user name and password out of the address: the token has a field of its own."));
    const QString path = url.path();
    if (url.hasQuery() || url.hasFragment() || (!path.isEmpty() && path != QLatin1String("/"))) {
        QString extra = path == QLatin1String("/") ? QString() : path;
        if (url.hasQuery())
            extra += QLatin1Char('?') + url.query();
        if (url.hasFragment())
            extra += QLatin1Char('#') + url.fragment();
        return fail(tr("Give the node's base address only, without “%1”.").arg(extra));
    }
    if (url.port() == 0)
        return fail(tr("Port 0 is not a port a node listens on."));
    if ((scheme == QLatin1String("https") && url.port() == 443) ||
        (scheme == QLatin1String("http") && url.port() == 80))
        url.setPort(-1); // https://node and https://node:443 are one node
    url.setPath(QString());
    return url;
}

bool NodeRegistry::isCleartextToRemote(const QUrl& url)
{
    if (url.scheme() != QLatin1String("http"))
        return false;
    const QString host = url.host();
    if (host == QLatin1String("localhost") || host.endsWith(QLatin1String(".localhost")))
        return false;
    return !QHostAddress(host).isLoopback();
}

QString NodeRegistry::tokenProblem(const QString& token)
{
    if (token.isEmpty())
        return tr("Enter the node's token.");
    for (const QChar c : token) {
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return tr("The token contains spaces or line breaks: paste it again without them.");
    }
    return {};
}

bool NodeRegistry::isValidPin(const QByteArray& sha256Hex)
{
    if (sha256Hex.size() != 64)
        return false;
    for (const char c : sha256Hex) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

void NodeRegistry::setFileNodes(const QList<ConsoleNode>& nodes, const QString& sourceFile)
{
    m_fileNodes = nodes;
    m_fileSource = sourceFile;
}

int NodeRegistry::indexOf(const QString& key) const
{
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].key() == key)
            return i;
    }
    return -1;
}

const NodeEntry* NodeRegistry::entry(const QString& key) const
{
    const int i = indexOf(key);
    return i < 0 ? nullptr : &m_entries[i];
}

bool NodeRegistry::contains(const QString& key) const
{
    return indexOf(key) >= 0;
}

QStringList NodeRegistry::keys() const
{
    QStringList keys;
    for (const NodeEntry& e : m_entries)
        keys << e.key();
    for (const QString& key : m_pending) {
        if (!keys.contains(key))
            keys << key;
    }
    return keys;
}

void NodeRegistry::load()
{
    if (m_loadStarted)
        return;
    m_loadStarted = true;
    const int n = m_settings.beginReadArray(kNodes);
    for (int i = 0; i < n; ++i) {
        m_settings.setArrayIndex(i);
        NodeEntry e;
        QString why;
        const QString saved = m_settings.value(kUrl).toString();
        e.url = normalizeUrl(saved, &why);
        if (e.url.isEmpty() || indexOf(e.key()) >= 0) {
            qCWarning(lcUi).noquote() << "ignoring the saved node" << saved << (why.isEmpty() ? "(a duplicate)" : why);
            continue;
        }
        e.label = m_settings.value(kLabel).toString();
        const QByteArray pin = m_settings.value(kPin).toByteArray();
        e.pinnedSha256 = isValidPin(pin) ? pin : QByteArray();
        m_entries << e;
    }
    m_settings.endArray();

    QHash<QString, QByteArray> filePins;
    const int p = m_settings.beginReadArray(kFilePins);
    for (int i = 0; i < p; ++i) {
        m_settings.setArrayIndex(i);
        const QByteArray pin = m_settings.value(kPin).toByteArray();
        if (isValidPin(pin))
            filePins.insert(m_settings.value(kUrl).toString(), pin);
    }
    m_settings.endArray();
    for (const ConsoleNode& node : std::as_const(m_fileNodes)) {
        NodeEntry e;
        QString why;
        e.url = normalizeUrl(node.url, &why);
        if (e.url.isEmpty()) {
            qCWarning(lcUi).noquote() << "ignoring the node" << node.url << "of" << m_fileSource << why;
            continue;
        }
        if (indexOf(e.key()) >= 0)
            continue; // also saved here: the saved entry stands
        e.label = node.name;
        e.readOnly = true;
        e.pinnedSha256 = filePins.value(e.key());
        m_entries << e;
    }

    QStringList keys;
    for (const NodeEntry& e : std::as_const(m_entries))
        keys << tokenKey(e.url);
    auto done = [this, self = QPointer<NodeRegistry>(this)](const SecretStore::Result& r) {
        if (!self)
            return;
        for (NodeEntry& e : m_entries)
            e.token = r.values.value(tokenKey(e.url));
        m_loaded = true;
        for (const NodeEntry& e : std::as_const(m_entries))
            makeNode(e);
        if (!r.ok)
            qCWarning(lcUi).noquote() << "node tokens:" << r.error;
        Q_EMIT loaded(r.ok ? QString() : r.error);
    };
    if (!m_store) {
        QTimer::singleShot(0, this, [done] { done(SecretStore::Result{false, tr("No secret store is set up."), {}}); });
        return;
    }
    m_store->read(keys, done);
}

QString NodeRegistry::addProblem(const NodeEntry& entry) const
{
    if (!entry.url.isValid())
        return tr("This is not a valid address: %1").arg(entry.url.errorString());
    QString why;
    const QUrl url = normalizeUrl(entry.url.toString(), &why);
    if (url.isEmpty())
        return why;
    const QString key = url.toString(QUrl::FullyEncoded);
    if (const NodeEntry* existing = this->entry(key))
        return tr("%1 is already in the list, as “%2”.").arg(key, existing->displayLabel());
    if (m_pending.contains(key))
        return tr("%1 is being added or removed already.").arg(key);
    const QString tokenWhy = tokenProblem(entry.token);
    if (!tokenWhy.isEmpty())
        return tokenWhy;
    if (!entry.pinnedSha256.isEmpty() && !isValidPin(entry.pinnedSha256))
        return tr("The pinned fingerprint is not a SHA-256 in lowercase hex.");
    return {};
}

void NodeRegistry::finish(Done done, const QString& error)
{
    if (!error.isEmpty())
        qCWarning(lcUi).noquote() << error;
    QTimer::singleShot(0, this, [done = std::move(done), error] {
        if (done)
            done(error);
    });
}

void NodeRegistry::add(NodeEntry entry, Done done)
{
    if (!m_loaded)
        return finish(std::move(done), tr("The saved nodes are still being read; try again in a moment."));
    const QString problem = addProblem(entry);
    if (!problem.isEmpty())
        return finish(std::move(done), problem);
    if (!m_store)
        return finish(std::move(done), tr("No secret store is set up, so the token cannot be kept."));
    entry.url = normalizeUrl(entry.url.toString());
    entry.label = entry.label.trimmed();
    entry.readOnly = false;
    const QString key = entry.key();
    m_pending.insert(key);
    m_store->write({{tokenKey(entry.url), entry.token}},
                   [this, self = QPointer<NodeRegistry>(this), entry, key, done](const SecretStore::Result& r) {
                       if (!self)
                           return;
                       m_pending.remove(key);
                       if (!r.ok) {
                           if (done)
                               done(tr("The node was not added: %1").arg(r.error));
                           return;
                       }
                       m_entries << entry;
                       save();
                       qCInfo(lcUi).noquote() << "node added:" << key;
                       Q_EMIT entryAdded(entry);
                       makeNode(entry);
                       if (done)
                           done({});
                   });
}

void NodeRegistry::remove(const QString& key, Done done)
{
    const int i = indexOf(key);
    if (i < 0)
        return finish(std::move(done), tr("%1 is not in the list of nodes.").arg(key));
    if (m_entries[i].readOnly)
        return finish(std::move(done),
                      tr("%1 is listed in %2 (console.nodes): remove it there.").arg(key, m_fileSource));
    if (m_pending.contains(key))
        return finish(std::move(done), tr("%1 is being added or removed already.").arg(key));
    if (!m_store)
        return finish(std::move(done), tr("No secret store is set up, so the token cannot be deleted."));
    m_pending.insert(key);
    // The token first: a node that stays listed after a failure can be removed again, a token left behind could
    // not be found any more.
    m_store->write({{tokenKey(m_entries[i].url), QString()}},
                   [this, self = QPointer<NodeRegistry>(this), key, done](const SecretStore::Result& r) {
                       if (!self)
                           return;
                       m_pending.remove(key);
                       if (!r.ok) {
                           if (done)
                               done(tr("The node was not removed: %1").arg(r.error));
                           return;
                       }
                       const int at = indexOf(key);
                       if (at >= 0)
                           m_entries.removeAt(at);
                       save();
                       qCInfo(lcUi).noquote() << "node removed:" << key;
                       dropNode(key);
                       Q_EMIT entryRemoved(key);
                       if (done)
                           done({});
                   });
}

void NodeRegistry::setToken(const QString& key, const QString& token, Done done)
{
    const int i = indexOf(key);
    if (i < 0)
        return finish(std::move(done), tr("%1 is not in the list of nodes.").arg(key));
    const QString problem = tokenProblem(token);
    if (!problem.isEmpty())
        return finish(std::move(done), problem);
    if (m_pending.contains(key))
        return finish(std::move(done), tr("%1 is being added or removed already.").arg(key));
    if (!m_store)
        return finish(std::move(done), tr("No secret store is set up, so the token cannot be kept."));
    m_pending.insert(key);
    m_store->write({{tokenKey(m_entries[i].url), token}},
                   [this, self = QPointer<NodeRegistry>(this), key, token, done](const SecretStore::Result& r) {
                       if (!self)
                           return;
                       m_pending.remove(key);
                       const int at = indexOf(key);
                       if (!r.ok || at < 0) {
                           if (done)
                               done(r.ok ? tr("%1 is not in the list of nodes.").arg(key) : r.error);
                           return;
                       }
                       m_entries[at].token = token;
                       const NodeEntry e = m_entries[at];
                       Q_EMIT entryChanged(e);
                       // A node is made with its token: a new one needs a new node.
                       dropNode(key);
                       makeNode(e);
                       if (done)
                           done({});
                   });
}

bool NodeRegistry::setPinned(const QString& key, const QByteArray& sha256Hex)
{
    const int i = indexOf(key);
    if (i < 0 || (!sha256Hex.isEmpty() && !isValidPin(sha256Hex))) {
        qCWarning(lcUi).noquote() << "not pinning" << key << sha256Hex.left(80);
        return false;
    }
    if (m_entries[i].pinnedSha256 == sha256Hex)
        return true;
    m_entries[i].pinnedSha256 = sha256Hex;
    save();
    qCInfo(lcUi).noquote() << "certificate pinned for" << key << sha256Hex;
    Q_EMIT entryChanged(m_entries[i]);
    return true;
}

void NodeRegistry::save()
{
    m_settings.remove(kNodes);
    m_settings.remove(kFilePins);
    m_settings.beginWriteArray(kNodes);
    int n = 0;
    for (const NodeEntry& e : std::as_const(m_entries)) {
        if (e.readOnly)
            continue;
        m_settings.setArrayIndex(n++);
        m_settings.setValue(kUrl, e.key());
        m_settings.setValue(kLabel, e.label);
        m_settings.setValue(kPin, QString::fromLatin1(e.pinnedSha256));
    }
    m_settings.endArray();
    m_settings.beginWriteArray(kFilePins);
    n = 0;
    for (const NodeEntry& e : std::as_const(m_entries)) {
        if (!e.readOnly || e.pinnedSha256.isEmpty())
            continue;
        m_settings.setArrayIndex(n++);
        m_settings.setValue(kUrl, e.key());
        m_settings.setValue(kPin, QString::fromLatin1(e.pinnedSha256));
    }
    m_settings.endArray();
    m_settings.sync();
}

void NodeRegistry::makeNode(const NodeEntry& entry)
{
    if (!m_factory)
        return;
    Node* node = m_factory(entry, this);
    if (!node)
        return;
    m_nodes.insert(entry.key(), node);
    Q_EMIT nodeAdded(node);
}

void NodeRegistry::dropNode(const QString& key)
{
    const QPointer<Node> node = m_nodes.take(key);
    if (!node)
        return;
    Q_EMIT nodeRemoved(node);
    node->deleteLater();
}

QList<Node*> NodeRegistry::nodes() const
{
    QList<Node*> list;
    for (const NodeEntry& e : m_entries) {
        if (Node* n = m_nodes.value(e.key()))
            list << n;
    }
    return list;
}

Node* NodeRegistry::node(const QString& key) const
{
    return m_nodes.value(key);
}
