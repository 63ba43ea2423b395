#include "RemoteNode.h"
#include "EventSource.h"
#include "NodeApi.h"
#include "NodeJson.h"
#include "NodeLogging.h"
#include "RemoteDownload.h"
#include "RemoteJobs.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPromise>
#include <QUuid>

#include <algorithm>

namespace {
constexpr int kFirstRetryMs = 1000;
constexpr int kMaxRetryMs = 30000;
constexpr int kProbeTimeoutMs = 15000;
constexpr int kDebounceMs = 150;
constexpr int kSilentJobsMs = 5000;

template <typename T> using Promise = std::shared_ptr<QPromise<T>>;

template <typename T> Promise<T> makePromise()
{
    auto p = std::make_shared<QPromise<T>>();
    p->start();
    return p;
}

template <typename T> void fulfil(const Promise<T>& p, T value)
{
    p->addResult(std::move(value));
    p->finish();
}

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// The API's 404 texts: an unknown server or backup, else a path not in the backup.
bool backupMissing(const ApiReply& r)
{
    const QString e = r.errorText();
    return e.contains(QLatin1String("backup was not found")) || e.contains(QLatin1String("resource does not exist"));
}

BackupService::FileListing::Status listingStatus(const ApiReply& r)
{
    using Status = BackupService::FileListing::Status;
    switch (r.status) {
    case 200:
        return Status::Ok;
    case 400:
        return r.errorText().contains(QLatin1String("not a directory")) ? Status::NotADirectory : Status::InvalidPath;
    case 404:
        return backupMissing(r) ? Status::BackupNotFound : Status::NoSuchPath;
    case 503:
        return r.retryAfter ? Status::Indexing : Status::Unavailable;
    default:
        return Status::Failed;
    }
}

QString parentOf(const QString& path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash <= 0 ? QStringLiteral("/") : path.left(slash);
}
} // namespace

RemoteNode::RemoteNode(const Settings& settings, QObject* parent)
    : Node(parent), m_settings(settings), m_backoffMs(kFirstRetryMs),
      m_serversRefresh(kDebounceMs, [this](std::function<void()> done) { fetchServers(std::move(done)); }),
      m_jobsRefresh(kDebounceMs, [this](std::function<void()> done) { fetchJobs(std::move(done)); })
{
    m_settings.url = settings.url.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments | QUrl::RemoveQuery |
                                           QUrl::RemoveFragment);
    QString path = m_settings.url.path();
    while (path.endsWith(QLatin1Char('/'))) // StripTrailingSlash keeps a lone "/"
        path.chop(1);
    m_settings.url.setPath(path);
    m_settings.pinnedSha256 = settings.pinnedSha256.toLower();
    m_api = new NodeApi(m_settings.url, m_settings.token, m_settings.pinnedSha256, this);
    m_events = new EventSource(m_api, this);
    m_jobs = new RemoteJobs(this, this);
    m_retry.setSingleShot(true);
    m_silentJobs.setSingleShot(true);
    m_silentJobs.setInterval(kSilentJobsMs);
    connect(&m_silentJobs, &QTimer::timeout, this, [this] { m_jobsRefresh.later(); });
    connect(&m_retry, &QTimer::timeout, this, &RemoteNode::probe);
    connect(m_api, &NodeApi::certificateRefused, this,
            [this](const QSslCertificate&, const QString& message) { onCertificateRefused(message); });
    connect(m_events, &EventSource::opened, this, [this] { m_backoffMs = kFirstRetryMs; });
    connect(m_events, &EventSource::dropped, this, &RemoteNode::onEventsDropped);
    connect(m_events, &EventSource::eventReceived, this,
            [this](const QByteArray&, const QString& name, const QJsonObject& data) { onEvent(name, data); });
    connect(m_jobs, &RemoteJobs::jobAdded, this, &Node::jobAdded);
    connect(m_jobs, &RemoteJobs::jobFinished, this, &Node::jobFinished);
    connect(m_jobs, &RemoteJobs::cancelRequested, this, [this](Job*, const QString& remoteId) { cancelJob(remoteId); });
}

RemoteNode::~RemoteNode()
{
    // No answer may reach a half-destroyed node.
    m_events->close();
    m_api->abortAll();
}

RemoteNode::Settings RemoteNode::settings() const
{
    return m_settings;
}

QString RemoteNode::key() const
{
    return m_settings.url.toString();
}

QString RemoteNode::label() const
{
    const QUrl& u = m_settings.url;
    return QStringLiteral("%1:%2").arg(u.host()).arg(u.port(u.scheme() == QLatin1String("https") ? 443 : 80));
}

QSslCertificate RemoteNode::untrustedCertificate() const
{
    return m_api->untrustedCertificate();
}

QByteArray RemoteNode::fingerprint(const QSslCertificate& cert)
{
    return NodeApi::fingerprint(cert);
}

void RemoteNode::trustCertificate(const QByteArray& sha256Hex)
{
    m_settings.pinnedSha256 = sha256Hex.toLower();
    m_api->setPinned(m_settings.pinnedSha256);
    Q_EMIT pinnedChanged(m_settings.pinnedSha256);
    connectToNode();
}

// ---- connection -------------------------------------------------------------------------------------------

void RemoteNode::connectToNode()
{
    m_retry.stop();
    m_backoffMs = kFirstRetryMs;
    setState(State::Connecting);
    probe();
}

void RemoteNode::probe()
{
    m_events->close();
    const int attempt = ++m_attempt;
    m_api->request(
        "GET", m_api->url(QStringLiteral("/api/node")), {},
        [this, attempt](const ApiReply& r) {
            if (attempt == m_attempt) // a newer attempt (connectToNode) has taken over
                onProbed(r);
        },
        kProbeTimeoutMs);
}

void RemoteNode::onProbed(const ApiReply& r)
{
    if (r.tlsRefused)
        return; // onCertificateRefused said why and retries
    if (r.status == 401 || r.status == 403) {
        setState(State::WrongToken, tr("The node at %1 refused the token: %2").arg(label(), r.errorText()));
        return;
    }
    NodeInfo info;
    if (r.status == 200 && NodeJson::nodeInfo(r.json(), &info)) {
        setInfo(info);
        setState(State::Connected);
        qCInfo(lcNode).noquote() << key() << "connected: Pouch" << info.version << "repository" << info.repository;
        m_events->open();
        m_serversRefresh.now();
        m_jobsRefresh.now();
        // After a drop: what the stream's replay cannot have told (a restarted node) is asked again.
        if (std::exchange(m_everConnected, true))
            Q_EMIT snapshotsChanged();
        return;
    }
    if (r.status == 0)
        setState(State::Unreachable, r.networkErrorText);
    else
        setState(State::Unreachable,
                 tr("%1 answered HTTP %2, but not as a Pouch node: is the URL the node's Pouch port?")
                     .arg(label())
                     .arg(r.status));
    scheduleRetry();
}

void RemoteNode::scheduleRetry()
{
    if (m_retry.isActive())
        return;
    qCInfo(lcNode).noquote() << key() << "reconnecting in" << m_backoffMs << "ms";
    m_retry.start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, kMaxRetryMs);
}

void RemoteNode::onCertificateRefused(const QString& message)
{
    m_events->close();
    setState(State::CertificateUntrusted, message);
    // Tried again with the backoff: a handshake sends nothing, and the node may get its trusted certificate back.
    scheduleRetry();
}

void RemoteNode::onEventsDropped(const ApiReply& why)
{
    if (state() == State::WrongToken || state() == State::CertificateUntrusted || why.tlsRefused)
        return;
    if (why.status == 401 || why.status == 403) {
        setState(State::WrongToken, tr("The node at %1 refused the token: %2").arg(label(), why.errorText()));
        return;
    }
    scheduleRetry(); // the probe says whether the node is still there
}

void RemoteNode::onEvent(const QString& name, const QJsonObject& data)
{
    if (m_jobs->applyEvent(name, data)) {
        m_jobsRefresh.later();
        m_serversRefresh.later(); // busy, counts, the last backup
    }
    const bool added = name == QLatin1String("backup completed") && data.value(QLatin1String("is_successful")).toBool();
    if (added || name == QLatin1String("backup deleted"))
        Q_EMIT snapshotsChanged();
}

void RemoteNode::fetchServers(std::function<void()> done)
{
    m_api->request("GET", m_api->url(QStringLiteral("/api/servers")), {}, [this, done](const ApiReply& r) {
        if (r.status == 200) {
            m_serversLoaded = true;
            setServers(NodeJson::servers(r.json()));
        } else {
            qCWarning(lcNode).noquote() << key() << "cannot list the servers:" << r.errorText();
        }
        done();
    });
}

void RemoteNode::fetchJobs(std::function<void()> done)
{
    m_api->request("GET", m_api->url(QStringLiteral("/api/jobs")), {}, [this, done](const ApiReply& r) {
        if (r.status == 200) {
            m_jobs->applyListing(NodeJson::jobs(r.json()));
            // A prune (after a delete) ends without an event: only while one runs is the list asked again.
            if (m_jobs->hasSilentJobs() && state() == State::Connected)
                m_silentJobs.start();
            if (info().jobsRunning != m_jobs->runningCount()) {
                NodeInfo i = info();
                i.jobsRunning = m_jobs->runningCount();
                setInfo(i);
            }
        } else {
            qCWarning(lcNode).noquote() << key() << "cannot list the jobs:" << r.errorText();
        }
        done();
    });
}

QString RemoteNode::backupPath(const QString& serverUuid, const QStringList& rest) const
{
    return NodeApi::path(
        QStringList{QStringLiteral("api"), QStringLiteral("servers"), serverUuid, QStringLiteral("backup")} + rest);
}

// ---- questions --------------------------------------------------------------------------------------------

void RemoteNode::fetchSnapshots(const QString& serverUuid, std::function<void(const BackupService::SnapshotList&)> done)
{
    const QUrl url = m_api->url(backupPath(serverUuid, {QStringLiteral("snapshots")}),
                                {{QStringLiteral("include_stats"), QStringLiteral("true")}});
    m_api->request("GET", url, {}, [this, done](const ApiReply& r) {
        BackupService::SnapshotList list;
        list.ok = r.status == 200;
        list.building = r.status == 503;
        if (list.ok) {
            list.snapshots = NodeJson::snapshots(r.json());
            for (Snapshot& s : list.snapshots) {
                s.nodeKey = key();
                if (s.stats)
                    m_stats.insert(s.id, *s.stats);
            }
        } else {
            list.error = r.errorText();
        }
        done(list);
    });
}

QFuture<BackupService::SnapshotList> RemoteNode::listSnapshots(const QString& serverUuid)
{
    auto promise = makePromise<BackupService::SnapshotList>();
    if (!serverUuid.isEmpty()) {
        fetchSnapshots(serverUuid, [promise](const BackupService::SnapshotList& list) { fulfil(promise, list); });
        return promise->future();
    }
    // Every server of the node, asked in parallel, merged newest first.
    auto all = [this, promise] {
        const QList<NodeServer> list = servers();
        if (list.isEmpty()) {
            BackupService::SnapshotList empty;
            empty.ok = m_serversLoaded;
            if (!empty.ok)
                empty.error = tr("The servers of %1 could not be listed.").arg(label());
            return fulfil(promise, empty);
        }
        auto merged = std::make_shared<BackupService::SnapshotList>();
        merged->ok = true;
        auto left = std::make_shared<int>(int(list.size()));
        for (const NodeServer& server : list) {
            fetchSnapshots(server.uuid, [promise, merged, left](const BackupService::SnapshotList& one) {
                if (!one.ok && merged->ok) {
                    merged->ok = false;
                    merged->error = one.error;
                    merged->building = one.building;
                }
                merged->snapshots += one.snapshots;
                if (--*left > 0)
                    return;
                std::stable_sort(merged->snapshots.begin(), merged->snapshots.end(),
                                 [](const Snapshot& a, const Snapshot& b) { return a.time > b.time; });
                if (!merged->ok)
                    merged->snapshots.clear();
                fulfil(promise, *merged);
            });
        }
    };
    if (m_serversLoaded)
        all();
    else
        m_serversRefresh.now(all);
    return promise->future();
}

QFuture<BackupService::StatsResult> RemoteNode::stats(const Snapshot& snapshot)
{
    BackupService::StatsResult known;
    known.ok = true;
    if (snapshot.stats)
        known.stats = *snapshot.stats;
    else if (const auto it = m_stats.constFind(snapshot.id); it != m_stats.constEnd())
        known.stats = *it;
    else
        known.ok = false;
    if (known.ok)
        return QtFuture::makeReadyFuture(known);
    auto promise = makePromise<BackupService::StatsResult>();
    const QUrl url = m_api->url(backupPath(snapshot.serverUuid, {snapshot.backupUuid, QStringLiteral("status")}));
    m_api->request("GET", url, {}, [this, promise](const ApiReply& r) {
        BackupService::StatsResult result;
        const QJsonObject json = r.json();
        const Snapshot s = NodeJson::snapshot(json.value(QLatin1String("snapshot")).toObject());
        if (r.status == 200 && s.stats) {
            result.ok = true;
            result.stats = *s.stats;
            m_stats.insert(s.id, *s.stats);
        } else {
            result.error = r.status == 200 ? tr("The backup no longer exists.") : r.errorText();
        }
        fulfil(promise, result);
    });
    return promise->future();
}

void RemoteNode::fetchDirectory(const Snapshot& snapshot, const QString& path,
                                std::function<void(const BackupService::FileListing&)> done)
{
    const QUrl url = m_api->url(backupPath(snapshot.serverUuid, {snapshot.backupUuid, QStringLiteral("files")}),
                                {{QStringLiteral("path"), path.isEmpty() ? QStringLiteral("/") : path}});
    m_api->request("GET", url, {}, [snapshot, path, done](const ApiReply& r) {
        BackupService::FileListing listing;
        listing.snapshot = snapshot;
        listing.status = listingStatus(r);
        const QJsonObject json = r.json();
        listing.path = json.value(QLatin1String("path")).toString(path.isEmpty() ? QStringLiteral("/") : path);
        if (listing.status == BackupService::FileListing::Status::Ok) {
            for (const QJsonValue& v : json.value(QLatin1String("entries")).toArray())
                listing.entries.append(NodeJson::fileEntry(v.toObject()));
        } else {
            listing.error = r.errorText();
        }
        done(listing);
    });
}

QFuture<BackupService::FileListing> RemoteNode::listDirectory(const Snapshot& snapshot, const QString& path)
{
    auto promise = makePromise<BackupService::FileListing>();
    fetchDirectory(snapshot, path, [promise](const BackupService::FileListing& l) { fulfil(promise, l); });
    return promise->future();
}

QFuture<BackupService::FileSearch> RemoteNode::searchFiles(const QString& serverUuid, const QString& text, int limit)
{
    auto promise = makePromise<BackupService::FileSearch>();
    QList<QPair<QString, QString>> query{{QStringLiteral("q"), text}};
    if (limit > 0)
        query.append({QStringLiteral("limit"), QString::number(limit)});
    const QUrl url = m_api->url(backupPath(serverUuid, {QStringLiteral("search")}), query);
    m_api->request("GET", url, {}, [this, promise, serverUuid](const ApiReply& r) {
        BackupService::FileSearch found;
        found.ok = r.status == 200;
        found.building = r.status == 503;
        const QJsonObject json = r.json();
        if (!found.ok) {
            found.error = r.errorText();
            return fulfil(promise, found);
        }
        for (const QJsonValue& v : json.value(QLatin1String("matches")).toArray()) {
            Snapshot s;
            found.matches.append(NodeJson::fileMatch(v.toObject(), serverUuid, &s));
            s.nodeKey = key();
            found.snapshots.insert(s.id, s);
        }
        found.truncated = json.value(QLatin1String("truncated")).toBool();
        // The API says only whether some were left out, not how many.
        found.notIndexed = json.value(QLatin1String("incomplete")).toBool() ? 1 : 0;
        fulfil(promise, found);
    });
    return promise->future();
}

QFuture<BackupService::PathCheck> RemoteNode::checkPaths(const Snapshot& snapshot, const QStringList& paths)
{
    using Check = BackupService::PathCheck;
    Check invalid;
    invalid.status = Check::Status::Invalid;
    for (const QString& p : paths) {
        if (const QString problem = FileIndex::pathProblem(p); !problem.isEmpty()) {
            invalid.path = p;
            invalid.error = problem;
            return QtFuture::makeReadyFuture(invalid);
        }
    }
    // No endpoint of its own: one listing per distinct parent directory says what is there.
    QStringList parents;
    for (const QString& p : paths) {
        if (p != QLatin1String("/") && !parents.contains(parentOf(p)))
            parents.append(parentOf(p));
    }
    auto promise = makePromise<Check>();
    auto listings = std::make_shared<QHash<QString, BackupService::FileListing>>();
    auto finish = [promise, listings, paths] {
        Check check;
        check.status = Check::Status::Ok;
        for (const QString& p : paths) {
            if (p == QLatin1String("/")) {
                FileEntry root;
                root.path = p;
                root.type = FileEntry::Type::Dir;
                check.entries.insert(p, root);
                continue;
            }
            const BackupService::FileListing& l = (*listings)[parentOf(p)];
            using L = BackupService::FileListing::Status;
            if (l.status == L::Ok) {
                const auto it = std::find_if(l.entries.cbegin(), l.entries.cend(),
                                             [&p](const FileEntry& e) { return e.path == p; });
                if (it != l.entries.cend()) {
                    check.entries.insert(p, *it);
                    continue;
                }
            }
            Check fault;
            fault.path = p;
            switch (l.status) {
            case L::Ok:
            case L::NoSuchPath:
            case L::NotADirectory:
                fault.status = Check::Status::Missing;
                fault.error = tr("The path %1 does not exist in this backup.").arg(p);
                break;
            case L::InvalidPath:
                fault.status = Check::Status::Invalid;
                fault.error = l.error;
                break;
            case L::Indexing:
                fault.status = Check::Status::Indexing;
                fault.error = l.error;
                break;
            default:
                fault.status = Check::Status::Failed;
                fault.error = l.error;
                break;
            }
            return fulfil(promise, fault);
        }
        fulfil(promise, check);
    };
    if (parents.isEmpty()) {
        finish();
        return promise->future();
    }
    auto left = std::make_shared<int>(int(parents.size()));
    for (const QString& parent : std::as_const(parents)) {
        fetchDirectory(snapshot, parent, [listings, left, parent, finish](const BackupService::FileListing& l) {
            listings->insert(parent, l);
            if (--*left == 0)
                finish();
        });
    }
    return promise->future();
}

QFuture<BackupService::FileDiff> RemoteNode::diffSnapshots(const Snapshot& before, const Snapshot& after)
{
    using Diff = BackupService::FileDiff;
    Diff diff;
    diff.before = before;
    diff.after = after;
    if (before.serverUuid != after.serverUuid) {
        diff.status = Diff::Status::BackupNotFound;
        diff.error = tr("Only two backups of the same server can be compared.");
        return QtFuture::makeReadyFuture(diff);
    }
    auto promise = makePromise<Diff>();
    const QUrl url = m_api->url(backupPath(after.serverUuid, {after.backupUuid, QStringLiteral("diff")}),
                                {{QStringLiteral("against"), before.backupUuid}});
    m_api->request("GET", url, {}, [promise, diff](const ApiReply& r) mutable {
        const QJsonObject json = r.json();
        switch (r.status) {
        case 200:
            diff.status = Diff::Status::Ok;
            for (const QJsonValue& v : json.value(QLatin1String("added")).toArray())
                diff.added.append(NodeJson::fileAdded(v.toObject()));
            for (const QJsonValue& v : json.value(QLatin1String("removed")).toArray())
                diff.removed.append(NodeJson::fileRemoved(v.toObject()));
            for (const QJsonValue& v : json.value(QLatin1String("changed")).toArray())
                diff.changed.append(NodeJson::fileChanged(v.toObject()));
            diff.truncated = json.value(QLatin1String("truncated")).toBool();
            return fulfil(promise, diff);
        case 404:
            diff.status = Diff::Status::BackupNotFound;
            break;
        case 503:
            diff.status = r.retryAfter ? Diff::Status::Indexing : Diff::Status::Unavailable;
            break;
        default:
            diff.status = Diff::Status::Failed;
            break;
        }
        diff.error = r.errorText();
        fulfil(promise, diff);
    });
    return promise->future();
}

QFuture<qint64> RemoteNode::countExisting(const QString&, const QString&, const QStringList&)
{
    return QtFuture::makeReadyFuture(qint64(-1)); // the API does not say what is on a server's disk
}

// ---- jobs -------------------------------------------------------------------------------------------------

QFuture<BackupService::Started> RemoteNode::startJob(const QByteArray& method, const QString& path,
                                                     const QJsonObject& body, Job::Kind kind, const QString& serverUuid,
                                                     const QString& backupUuid, const QString& sourceServerUuid)
{
    auto promise = makePromise<BackupService::Started>();
    m_api->request(method, m_api->url(path), compact(body), [=](const ApiReply& r) {
        using Error = BackupService::Error;
        BackupService::Started started;
        if (r.ok()) {
            // The node's id of the job is in its job list, asked after the start was accepted.
            m_jobsRefresh.now([=] {
                BackupService::Started ok;
                ok.job = m_jobs->claim(kind, serverUuid, backupUuid, sourceServerUuid);
                fulfil(promise, ok);
            });
            return;
        }
        started.message = r.errorText();
        switch (r.status) {
        case 400:
            started.error = Error::InvalidRequest;
            break;
        case 404:
            started.error = started.message.contains(QLatin1String("backup was not found")) ? Error::BackupNotFound
                                                                                            : Error::ServerNotFound;
            break;
        case 409:
            started.error = kind == Job::Kind::Backup && started.message.contains(QLatin1String("already exists"))
                                ? Error::Duplicate
                                : Error::Busy;
            break;
        default:
            started.error = Error::Unavailable;
            break;
        }
        fulfil(promise, started);
    });
    return promise->future();
}

QFuture<BackupService::Started> RemoteNode::startBackup(const QString& serverUuid)
{
    const QString backup = QUuid::createUuid().toString(QUuid::WithoutBraces).toLower();
    const QJsonObject body{{QStringLiteral("adapter"), QStringLiteral("restic")},
                           {QStringLiteral("uuid"), backup},
                           {QStringLiteral("ignore"), QString()}};
    return startJob("POST", backupPath(serverUuid, {}), body, Job::Kind::Backup, serverUuid, backup, {});
}

QFuture<BackupService::Started> RemoteNode::startRestore(const QString& targetServerUuid, const Snapshot& snapshot,
                                                         const BackupService::RestoreRequest& request)
{
    if (const QString problem = BackupService::restoreRequestProblem(request); !problem.isEmpty()) {
        BackupService::Started refused;
        refused.error = BackupService::Error::InvalidRequest;
        refused.message = problem;
        return QtFuture::makeReadyFuture(refused);
    }
    QJsonObject body{{QStringLiteral("adapter"), QStringLiteral("restic")},
                     {QStringLiteral("truncate_directory"), request.truncate}};
    if (!request.paths.isEmpty()) {
        body.insert(QStringLiteral("paths"), QJsonArray::fromStringList(request.paths));
        if (!request.destination.isEmpty())
            body.insert(QStringLiteral("destination"), request.destination);
    }
    // The target is the URL's server; the backup is found by its uuid in the whole repository.
    return startJob("POST", backupPath(targetServerUuid, {snapshot.backupUuid, QStringLiteral("restore")}), body,
                    Job::Kind::Restore, targetServerUuid, snapshot.backupUuid, snapshot.serverUuid);
}

QFuture<BackupService::Started> RemoteNode::startDelete(const Snapshot& snapshot)
{
    return startJob("DELETE", backupPath(snapshot.serverUuid, {snapshot.backupUuid}),
                    {{QStringLiteral("adapter"), QStringLiteral("restic")}}, Job::Kind::Delete, snapshot.serverUuid,
                    snapshot.backupUuid, {});
}

// ---- the repository's health ------------------------------------------------------------------------------

QFuture<RepositoryState> RemoteNode::repositoryState()
{
    auto promise = makePromise<RepositoryState>();
    m_api->request("GET", m_api->url(QStringLiteral("/api/repository")), {}, [promise](const ApiReply& r) {
        RepositoryState state;
        if (r.status == 200) {
            state = RepositoryState::fromJson(r.json());
        } else {
            state.building = r.status == 503;
            state.error = r.errorText();
        }
        fulfil(promise, state);
    });
    return promise->future();
}

QFuture<LockList> RemoteNode::listLocks()
{
    auto promise = makePromise<LockList>();
    m_api->request("GET", m_api->url(QStringLiteral("/api/repository/locks")), {}, [promise](const ApiReply& r) {
        LockList list;
        if (r.status == 200)
            list = LockList::fromJson(r.json());
        else
            list.error = r.errorText();
        fulfil(promise, list);
    });
    return promise->future();
}

QFuture<UnlockResult> RemoteNode::unlock()
{
    auto promise = makePromise<UnlockResult>();
    m_api->request("POST", m_api->url(QStringLiteral("/api/repository/unlock")), {}, [promise](const ApiReply& r) {
        UnlockResult result;
        if (r.status == 200) {
            result = NodeJson::unlockResult(r.json());
        } else {
            // 409: only other hosts' stale locks stand in the way, which is for a person to judge.
            result.status = r.status == 409 ? UnlockResult::Status::Refused : UnlockResult::Status::Failed;
            result.error = r.errorText();
        }
        fulfil(promise, result);
    });
    return promise->future();
}

QFuture<Growth> RemoteNode::growth(const QString& serverUuid)
{
    auto promise = makePromise<Growth>();
    m_api->request("GET", m_api->url(backupPath(serverUuid, {QStringLiteral("growth")})), {},
                   [promise](const ApiReply& r) {
                       Growth g;
                       g.ok = r.status == 200;
                       if (g.ok) {
                           g.points = NodeJson::growthPoints(r.json());
                       } else {
                           g.building = r.status == 503;
                           g.error = r.errorText();
                       }
                       fulfil(promise, g);
                   });
    return promise->future();
}

QFuture<BackupService::Started> RemoteNode::startMaintenance(const QString& path, const QJsonObject& body,
                                                             Job::Kind kind)
{
    auto promise = makePromise<BackupService::Started>();
    m_api->request("POST", m_api->url(path), compact(body), [=](const ApiReply& r) {
        const QString id = r.json().value(QLatin1String("job_id")).toString();
        if (r.ok() && !id.isEmpty()) {
            // Asked again so the mirror starts with the node's state of the job.
            m_jobsRefresh.now([=] {
                BackupService::Started ok;
                ok.job = m_jobs->claimId(id, kind);
                if (m_jobs->hasSilentJobs() && state() == State::Connected)
                    m_silentJobs.start();
                fulfil(promise, ok);
            });
            return;
        }
        BackupService::Started refused;
        refused.message = r.errorText();
        refused.error = r.status == 400 ? BackupService::Error::InvalidRequest : BackupService::Error::Unavailable;
        fulfil(promise, refused);
    });
    return promise->future();
}

QFuture<BackupService::Started> RemoteNode::startCheck(const QString& readDataSubset)
{
    QJsonObject body;
    if (!readDataSubset.isEmpty())
        body.insert(QStringLiteral("read_data_subset"), readDataSubset);
    return startMaintenance(QStringLiteral("/api/repository/check"), body, Job::Kind::Check);
}

QFuture<BackupService::Started> RemoteNode::startPrune()
{
    return startMaintenance(QStringLiteral("/api/repository/prune"), {}, Job::Kind::Prune);
}

QList<Job*> RemoteNode::jobs() const
{
    return m_jobs->jobs();
}

void RemoteNode::cancelJob(const QString& remoteId)
{
    const QUrl url = m_api->url(NodeApi::path({QStringLiteral("api"), QStringLiteral("jobs"), remoteId}));
    m_api->request("DELETE", url, {}, [this, remoteId](const ApiReply& r) {
        if (r.status == 204)
            return; // the job's end comes as an event
        // 404, 409: it is over or gone; the list says how it ended.
        qCInfo(lcNode).noquote() << key() << "cancel of job" << remoteId << ":" << r.errorText();
        m_jobsRefresh.now();
    });
}

NodeDownload* RemoteNode::download(const Snapshot& snapshot, const FileEntry& entry, ArchiveFormat format,
                                   const QString& fileName, QObject* parent)
{
    // The node looks the path up itself; the archive's size is not the files' (compression), so it stays unknown.
    const QString path = entry.path;
    QList<QPair<QString, QString>> query;
    if (!path.isEmpty() && path != QLatin1String("/"))
        query.append({QStringLiteral("path"), path});
    query.append(
        {QStringLiteral("format"), format == ArchiveFormat::Zip ? QStringLiteral("zip") : QStringLiteral("tar.gz")});
    const QUrl url =
        m_api->url(backupPath(snapshot.serverUuid, {snapshot.backupUuid, QStringLiteral("download")}), query);
    return new RemoteDownload(m_api, url, fileName, parent);
}
