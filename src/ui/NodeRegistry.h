#pragma once

#include "Config.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUrl>

#include <functional>

class Node;
class QSettings;
class SecretStore;

// One remote node of the console, as saved: its base URL (normalised, the node's key), a label for people, the
// pinned certificate (lowercase hex SHA-256 of its DER form, empty when the system's CAs are trusted) and its
// token, which lives in the SecretStore and only in memory here.
struct NodeEntry
{
    QUrl url;
    QString label; // may be empty: the URL's host and port are shown then
    QString token;
    QByteArray pinnedSha256;
    bool readOnly = false; // listed in the Pouch settings file (console.nodes): removed there, not here

    QString key() const { return url.toString(QUrl::FullyEncoded); }
    // The label, or host:port when none was given.
    QString displayLabel() const;
};

// The console's remote nodes: URL, label and pin in QSettings (group "nodes"), each token in the SecretStore
// under "node-token:<url>" (never in QSettings). Nodes listed in the Pouch settings file join as read-only
// entries; their tokens and pins are kept the same way. Once the tokens are read (asynchronously), the factory
// makes a Node per entry; the registry owns them. A RemoteNode's pinnedChanged is the factory's to connect to
// setPinned, since the registry knows nodes only as Node.
class NodeRegistry : public QObject
{
    Q_OBJECT
public:
    using Factory = std::function<Node*(const NodeEntry& entry, QObject* parent)>;
    // Always called from the event loop; an empty error is success.
    using Done = std::function<void(const QString& error)>;

    NodeRegistry(QSettings& settings, SecretStore* store, QObject* parent = nullptr);

    static QString tokenKey(const QUrl& url);
    // The node's base URL from what a person typed: http or https, a host, no user info, path, query or fragment;
    // the default port and a trailing slash dropped, the host lower-cased. Empty with `error` set when it is none.
    static QUrl normalizeUrl(const QString& text, QString* error = nullptr);
    // http:// to a host other than this machine: the token would travel in clear text.
    static bool isCleartextToRemote(const QUrl& url);
    // Why this token cannot be sent (empty, spaces, control characters), or empty when it can.
    static QString tokenProblem(const QString& token);
    static bool isValidPin(const QByteArray& sha256Hex);

    void setFactory(Factory factory) { m_factory = std::move(factory); }
    // The nodes of the Pouch settings file (console.nodes), before load(); `sourceFile` is named in messages.
    void setFileNodes(const QList<ConsoleNode>& nodes, const QString& sourceFile);

    // Reads the saved entries at once and their tokens asynchronously; then makes the nodes and emits loaded().
    // Once: a second call does nothing.
    void load();
    bool isLoaded() const { return m_loaded; }

    QList<NodeEntry> entries() const { return m_entries; }
    // Valid until the next change to the list.
    const NodeEntry* entry(const QString& key) const;
    bool contains(const QString& key) const;
    // Keys of the saved entries and those being added, for the add dialog's duplicate check.
    QStringList keys() const;
    // Why `entry` cannot be added (bad URL, duplicate, bad token), or empty.
    QString addProblem(const NodeEntry& entry) const;

    // Stores the token, then saves the entry and makes its node. Nothing changes when it fails.
    void add(NodeEntry entry, Done done);
    // Deletes the token, then the entry and its node (pin included). A read-only entry is refused.
    void remove(const QString& key, Done done);
    // A new token for an entry (also a read-only one, whose token the file cannot hold). Its node is made anew.
    void setToken(const QString& key, const QString& token, Done done);
    // Saves the pin (empty unpins); false for an unknown key or a malformed pin.
    bool setPinned(const QString& key, const QByteArray& sha256Hex);

    QList<Node*> nodes() const;
    Node* node(const QString& key) const;

Q_SIGNALS:
    // Once after load(); `error` says why tokens could not be read (the nodes are made anyway, without them).
    void loaded(const QString& error);
    void entryAdded(const NodeEntry& entry);
    void entryRemoved(const QString& key);
    void entryChanged(const NodeEntry& entry);
    void nodeAdded(Node* node);
    // Emitted before the node is deleted (later, from the event loop).
    void nodeRemoved(Node* node);

private:
    int indexOf(const QString& key) const;
    void save();
    void makeNode(const NodeEntry& entry);
    void dropNode(const QString& key);
    void finish(Done done, const QString& error);

    QSettings& m_settings;
    QPointer<SecretStore> m_store;
    Factory m_factory;
    QList<ConsoleNode> m_fileNodes;
    QString m_fileSource;
    QList<NodeEntry> m_entries;
    QSet<QString> m_pending; // keys being added or removed: a second request waits for none, it is refused
    QHash<QString, QPointer<Node>> m_nodes;
    bool m_loadStarted = false;
    bool m_loaded = false;
};
