// libFuzzer target: what the API decides for a request, without sockets or restic.
//
// Input: a small HTTP-like text, "METHOD TARGET\nName: value\n...\n\nbody" (CRLF accepted). The target is
// turned into a path and query the way a URL from the wire is, then ApiServer::decide() does routing, auth
// and the body limit, and BackupEndpoints::check() the endpoint's id and body checks. No handler runs.
// Before that, the same bytes go through RequestGuard (the raw HTTP framing check), whole and split in two.
//
// Oracles: only the documented statuses come out (401/403/404/405/413, then 400/404), a 405 names what is
// allowed, and whatever passes every check names a canonical-UUID server whose real directory lies directly
// under the volumes directory (never a symlink, never "..") and, where the endpoint has one, a canonical
// backup id.

#include "ApiServer.h"
#include "BackupEndpoints.h"
#include "BackupService.h"
#include "DownloadEndpoints.h"
#include "RepositoryEndpoints.h"
#include "RequestGuard.h"
#include "ServerPaths.h"
#include "restic/ResticCommands.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QUrl>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

const QString kToken = QStringLiteral("fuzz-token");
// The seeds use these: two real server directories, a symlink to one and a regular file, all UUID-named.
const QString kServerA = QStringLiteral("8d5e2f9c-1b7a-4c3e-9f20-5a6b7c8d9e0f");
const QString kServerB = QStringLiteral("0f1e2d3c-4b5a-4968-8776-655443322110");
const QString kSymlink = QStringLiteral("11111111-2222-4333-8444-555555555555");
const QString kFile = QStringLiteral("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");

struct Harness
{
    std::unique_ptr<QCoreApplication> app;
    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<BackupService> service;
    std::unique_ptr<ApiServer> api;
    std::unique_ptr<BackupEndpoints> endpoints;
    std::unique_ptr<DownloadEndpoints> downloads;
    std::unique_ptr<RepositoryEndpoints> repository;
    QString volumes;
};
Harness* g = nullptr;

[[noreturn]] void failCheck(const char* what, const QString& detail = {})
{
    std::fprintf(stderr, "fuzz_api: %s %s\n", what, qPrintable(detail));
    std::abort();
}

HttpExchange::Request parseRequest(const QByteArray& input)
{
    HttpExchange::Request r;
    qsizetype pos = 0;
    auto nextLine = [&](bool* found) {
        const qsizetype end = input.indexOf('\n', pos);
        *found = end >= 0;
        QByteArray line = input.mid(pos, end < 0 ? -1 : end - pos);
        pos = end < 0 ? input.size() : end + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        return line;
    };
    bool found = false;
    const QByteArray requestLine = nextLine(&found);
    const qsizetype space = requestLine.indexOf(' ');
    r.method = space < 0 ? requestLine : requestLine.left(space);
    QByteArray target = space < 0 ? QByteArray() : requestLine.mid(space + 1);
    const qsizetype version = target.indexOf(' '); // " HTTP/1.1", if given
    if (version >= 0)
        target.truncate(version);
    // Origin form as sent on the wire; anything else as an absolute URL (which then has no useful path).
    const QUrl url =
        target.startsWith('/') ? QUrl::fromEncoded("http://127.0.0.1" + target) : QUrl::fromEncoded(target);
    r.path = url.path(QUrl::FullyEncoded);
    r.query = QUrlQuery(url);
    while (found) {
        const QByteArray line = nextLine(&found);
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            r.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    r.body = input.mid(pos);
    r.remoteAddress = QStringLiteral("127.0.0.1");
    return r;
}

bool endpointFor(const QByteArray& method, const QString& pattern, BackupEndpoints::Endpoint* out)
{
    using E = BackupEndpoints::Endpoint;
    static const QList<std::tuple<QByteArray, QString, E>> table{
        {"POST", QStringLiteral("/api/servers/{server}/backup"), E::CreateBackup},
        {"POST", QStringLiteral("/api/servers/{server}/backup/{backup}/restore"), E::RestoreBackup},
        {"DELETE", QStringLiteral("/api/servers/{server}/backup/{backup}"), E::DeleteBackup},
        {"GET", QStringLiteral("/api/servers/{server}/backup/snapshots"), E::ListSnapshots},
        {"GET", QStringLiteral("/api/servers/{server}/backup/{backup}/status"), E::SnapshotStatus},
        {"GET", QStringLiteral("/api/servers/{server}/backup/{backup}/files"), E::ListFiles},
        {"GET", QStringLiteral("/api/servers/{server}/backup/search"), E::SearchFiles},
        {"GET", QStringLiteral("/api/servers/{server}/backup/{backup}/diff"), E::DiffBackups},
    };
    for (const auto& [m, p, e] : table) {
        if (m == method && p == pattern) {
            *out = e;
            return true;
        }
    }
    return false;
}

void checkServerId(const QString& server)
{
    if (!ServerPaths::isCanonicalUuid(server))
        failCheck("a request passed with a non-canonical server id:", server);
    const QString path = g->volumes + QLatin1Char('/') + server;
    if (QDir::cleanPath(path) != path)
        failCheck("server path is not clean:", path);
    const QFileInfo info(path);
    if (!info.isDir() || info.isSymLink())
        failCheck("a request passed for a server without a real directory:", server);
    if (server != kServerA && server != kServerB)
        failCheck("a request passed for an unknown server:", server);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    g = new Harness;
    // Destroying a QCoreApplication from an exit handler crashes in Qt, so the harness is never freed.
    g->app = std::make_unique<QCoreApplication>(*argc, *argv);
    QLoggingCategory::setFilterRules(QStringLiteral("*.warning=false\n*.info=false\n*.debug=false"));
    g->dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/pouch-fuzz-api-XXXXXX"));
    if (!g->dir->isValid())
        failCheck("no temporary directory");
    std::atexit([] { QDir(g->dir->path()).removeRecursively(); });
    g->volumes = QDir::cleanPath(g->dir->filePath(QStringLiteral("volumes")));
    QDir().mkpath(g->volumes + QLatin1Char('/') + kServerA);
    QDir().mkpath(g->volumes + QLatin1Char('/') + kServerB);
    QFile::link(g->volumes + QLatin1Char('/') + kServerA, g->volumes + QLatin1Char('/') + kSymlink);
    QFile file(g->volumes + QLatin1Char('/') + kFile);
    if (!file.open(QIODevice::WriteOnly))
        failCheck("cannot create", file.fileName());
    file.close();

    Config config;
    config.token = kToken;
    config.tokenId = QStringLiteral("fuzz-id");
    config.apiHost = QStringLiteral("127.0.0.1");
    config.rootDirectory = g->dir->path();
    config.dataDirectory = g->volumes;
    config.tmpDirectory = g->dir->filePath(QStringLiteral("tmp"));
    config.restic.binaryPath = QStringLiteral("/nonexistent/restic"); // nothing here may run it
    config.restic.repository = g->dir->filePath(QStringLiteral("repository"));
    g->service = std::make_unique<BackupService>(config);
    g->service->claimNode(QStringLiteral("test"), nullptr);
    g->api = std::make_unique<ApiServer>(config, g->service.get()); // never listens
    g->endpoints = std::make_unique<BackupEndpoints>(g->service.get());
    g->downloads = std::make_unique<DownloadEndpoints>(g->service.get(), kToken);
    g->repository = std::make_unique<RepositoryEndpoints>(g->service.get());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char*>(data), qsizetype(size));
    // The connection guard sees the raw bytes first, in two pieces split where the input says: it must
    // never crash, and must reach the same verdict however the bytes arrive.
    {
        const qsizetype split = size > 0 ? qsizetype(data[0]) % (input.size() + 1) : 0;
        RequestGuard whole(nullptr, ApiServer::kMaxBodyBytes, {});
        RequestGuard pieces(nullptr, ApiServer::kMaxBodyBytes, {});
        whole.consume(input);
        if (pieces.consume(input.left(split)))
            pieces.consume(input.mid(split));
        if (whole.isRefused() != pieces.isRefused())
            failCheck("the guard's verdict depends on how the bytes were split");
    }
    const HttpExchange::Request request = parseRequest(input);

    const ApiServer::Decision d = g->api->decide(request);
    switch (d.status) {
    case 0:
        break;
    case 401:
    case 403:
    case 404:
    case 413:
        return 0;
    case 405:
        if (d.headers.isEmpty() || d.headers.first().first != "Allow" || d.headers.first().second.isEmpty())
            failCheck("405 without an Allow header");
        return 0;
    default:
        failCheck("unexpected routing status", QString::number(d.status));
    }
    if (!d.handler || !*d.handler)
        failCheck("a decision without a handler");
    if (request.body.size() > ApiServer::kMaxBodyBytes)
        failCheck("an over-long body passed");
    if (d.pattern == QLatin1String("/api/events"))
        return 0; // SSE: its only input is the ?servers= filter, a plain set lookup

    // The node's own routes (NodeEndpoints) read no body and no query; a job id is parsed by its handler.
    if (d.pattern == QLatin1String("/api/node") || d.pattern == QLatin1String("/api/servers") ||
        d.pattern == QLatin1String("/api/jobs") || d.pattern == QLatin1String("/api/jobs/{id}"))
        return 0;
    if (d.pattern == QLatin1String("/download/backup"))
        return 0; // the Panel's signed link: no Bearer token, its JWT is the handler's (DownloadToken)
    if (d.pattern == QLatin1String("/metrics"))
        return 0; // reads nothing of the request; the node's or the metrics token passed
    // The repository's routes: only the check's body and the growth's server are read.
    if (d.pattern.startsWith(QLatin1String("/api/repository")) ||
        d.pattern == QLatin1String("/api/servers/{server}/backup/growth")) {
        const RepositoryEndpoints::Checked c = g->repository->check(d.pattern, d.params, request);
        if (c.status == 400 || c.status == 404) {
            if (c.error.isEmpty())
                failCheck("an error without a message");
            return 0;
        }
        if (c.status != 0)
            failCheck("unexpected repository check status", QString::number(c.status));
        if (d.pattern.endsWith(QLatin1String("/growth")))
            checkServerId(c.server);
        if (!c.readDataSubset.isEmpty() && !ResticCommand::readDataSubsetProblem(c.readDataSubset).isEmpty())
            failCheck("a check passed with a bad read_data_subset:", c.readDataSubset);
        if (c.readDataSubset.startsWith(QLatin1Char('-')))
            failCheck("a read_data_subset that restic would read as an option:", c.readDataSubset);
        return 0;
    }
    if (d.pattern == QLatin1String("/api/servers/{server}/backup/{backup}/download")) {
        const DownloadEndpoints::Checked c = g->downloads->check(d.params, request);
        if (c.status == 400 || c.status == 404) {
            if (c.error.isEmpty())
                failCheck("an error without a message");
            return 0;
        }
        if (c.status != 0)
            failCheck("unexpected download check status", QString::number(c.status));
        checkServerId(c.server);
        if (!ServerPaths::isCanonicalUuid(c.backup))
            failCheck("a download passed with a non-canonical backup id:", c.backup);
        if (!FileIndex::pathProblem(c.path).isEmpty())
            failCheck("a download passed with a bad path:", c.path);
        return 0;
    }

    BackupEndpoints::Endpoint endpoint;
    if (!endpointFor(request.method, d.pattern, &endpoint))
        failCheck("routed to an unknown endpoint:", QString::fromLatin1(request.method) + QLatin1Char(' ') + d.pattern);
    const BackupEndpoints::Checked c = g->endpoints->check(endpoint, d.params, request);
    if (c.status == 400 || c.status == 404) {
        if (c.error.isEmpty())
            failCheck("an error without a message");
        return 0;
    }
    if (c.status != 0)
        failCheck("unexpected check status", QString::number(c.status));

    // Passed: this is what would reach BackupService.
    checkServerId(c.server);
    if (c.server != d.params.value(QStringLiteral("server")))
        failCheck("the checked server differs from the path's");
    const bool hasBackup =
        endpoint != BackupEndpoints::Endpoint::ListSnapshots && endpoint != BackupEndpoints::Endpoint::SearchFiles;
    if (hasBackup && !ServerPaths::isCanonicalUuid(c.backup))
        failCheck("a request passed with a non-canonical backup id:", c.backup);
    // Paths that passed are ones the file index and a selective restore may be given.
    QStringList paths = c.paths;
    if (endpoint == BackupEndpoints::Endpoint::ListFiles)
        paths << c.path;
    if (!c.destination.isEmpty())
        paths << c.destination;
    for (const QString& p : paths) {
        if (!FileIndex::pathProblem(p).isEmpty() || p.contains(QStringLiteral("/../")) ||
            p.endsWith(QStringLiteral("/..")))
            failCheck("a request passed with a bad path:", p);
    }
    if (!c.paths.isEmpty() && c.truncate)
        failCheck("a selective restore passed with truncate_directory");
    if (endpoint == BackupEndpoints::Endpoint::DiffBackups && !ServerPaths::isCanonicalUuid(c.against))
        failCheck("a diff passed with a non-canonical other backup:", c.against);
    return 0;
}
