// libFuzzer target: Config::parse over arbitrary bytes.
//
// Beyond "no crash, no sanitizer report", it checks what parse promises: a rejection names the file, and an
// accepted config has a port in range, an absolute clean data directory, a known compression level and a
// restic binary; saving it and loading it back gives the same values.

#include "Config.h"

#include <QCoreApplication>
#include <QDir>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace {

// Both deliberately outlive main(): destroying a QCoreApplication from an exit handler crashes in Qt.
QCoreApplication* g_app = nullptr;
QTemporaryDir* g_dir = nullptr;

[[noreturn]] void failCheck(const char* what, const QString& detail = {})
{
    std::fprintf(stderr, "fuzz_config: %s %s\n", what, qPrintable(detail));
    std::abort();
}

bool sameNumber(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}

void checkRoundTrip(const Config& c)
{
    const QString path = g_dir->filePath(QStringLiteral("config.yml"));
    QString error;
    if (!c.save(path, error))
        failCheck("save failed:", error);
    Config back;
    if (!Config::loadFile(path, back, error))
        failCheck("an accepted config does not load after save:", error);
    const auto differs = [](const char* key) { failCheck("round trip changed", QString::fromLatin1(key)); };
    if (back.debug != c.debug)
        differs("debug");
    if (back.tokenId != c.tokenId)
        differs("token_id");
    if (back.token != c.token)
        differs("token");
    if (back.restic.stallTimeoutSec != c.restic.stallTimeoutSec)
        differs("system.backups.restic.stall_timeout");
    if (back.restic.resyncIntervalSec != c.restic.resyncIntervalSec)
        differs("system.backups.restic.resync_interval");
    if (back.remote != c.remote)
        differs("remote");
    if (back.remoteTimeoutSec != c.remoteTimeoutSec)
        differs("remote_query.timeout");
    if (back.apiHost != c.apiHost)
        differs("api.host");
    if (back.apiPort != c.apiPort)
        differs("api.port");
    if (back.sslEnabled != c.sslEnabled || back.sslCert != c.sslCert || back.sslKey != c.sslKey)
        differs("api.ssl");
    if (back.rootDirectory != c.rootDirectory)
        differs("system.root_directory");
    if (back.dataDirectory != c.dataDirectory)
        differs("system.data");
    if (back.tmpDirectory != c.tmpDirectory)
        differs("system.tmp_directory");
    if (!sameNumber(back.writeLimitMiB, c.writeLimitMiB))
        differs("system.backups.write_limit");
    if (back.compressionLevel != c.compressionLevel)
        differs("system.backups.compression_level");
    const ResticSettings& r = c.restic;
    const ResticSettings& b = back.restic;
    if (b.enabled != r.enabled || b.repository != r.repository || b.password != r.password ||
        b.awsAccessKeyId != r.awsAccessKeyId || b.awsSecretAccessKey != r.awsSecretAccessKey ||
        b.awsRegion != r.awsRegion || b.binaryPath != r.binaryPath || b.cacheDir != r.cacheDir || b.cacert != r.cacert)
        differs("system.backups.restic");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    g_app = new QCoreApplication(*argc, *argv);
    QLoggingCategory::setFilterRules(QStringLiteral("*.warning=false\n*.info=false\n*.debug=false"));
    g_dir = new QTemporaryDir(QDir::tempPath() + QStringLiteral("/pouch-fuzz-config-XXXXXX"));
    if (!g_dir->isValid())
        failCheck("no temporary directory");
    std::atexit([] { QDir(g_dir->path()).removeRecursively(); });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray yaml(reinterpret_cast<const char*>(data), qsizetype(size));
    Config c;
    QString error;
    if (!Config::parse(yaml, QStringLiteral("fuzz.yml"), c, error)) {
        if (!error.startsWith(QLatin1String("fuzz.yml: ")))
            failCheck("a rejection does not name the file:", error);
        return 0;
    }
    if (!error.isEmpty())
        failCheck("accepted with an error:", error);
    if (c.apiPort < 1 || c.apiPort > 65535)
        failCheck("accepted api.port out of range");
    if (c.remoteTimeoutSec < 1)
        failCheck("accepted remote_query.timeout below 1");
    if (!QDir::isAbsolutePath(c.dataDirectory) || QDir::cleanPath(c.dataDirectory) != c.dataDirectory)
        failCheck("accepted a data directory that is not absolute and clean:", c.dataDirectory);
    if (c.compressionLevel != QLatin1String("none") && c.compressionLevel != QLatin1String("best_speed") &&
        c.compressionLevel != QLatin1String("best_compression"))
        failCheck("accepted compression level", c.compressionLevel);
    if (c.restic.binaryPath.isEmpty())
        failCheck("accepted an empty restic binary path");
    checkRoundTrip(c);
    return 0;
}
