#include "Config.h"
#include "Logging.h"
#include "restic/ResticCommands.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrl>
#include <QUuid>

#include <yaml-cpp/yaml.h>

namespace {

// Thrown inside the parser only; turned into the error string at the boundary.
struct KeyError
{
    QString key;
    int line;
    QString what;
};

class Reader
{
public:
    explicit Reader(const YAML::Node& root) : m_root(root) {}

    // Walks a dotted path; a missing key (or null) leaves `out` at its default.
    template <typename T> void read(const char* dottedKey, T& out)
    {
        const YAML::Node node = find(dottedKey);
        if (!node || node.IsNull())
            return;
        if (!node.IsScalar())
            throw KeyError{QString::fromUtf8(dottedKey), node.Mark().line + 1,
                           QStringLiteral("expected a scalar value")};
        try {
            convert(node, out);
        } catch (const YAML::Exception&) {
            throw KeyError{QString::fromUtf8(dottedKey), node.Mark().line + 1, expectation(out)};
        }
    }

    YAML::Node find(const char* dottedKey) const
    {
        const QStringList parts = QString::fromUtf8(dottedKey).split(QLatin1Char('.'));
        return child(m_root, parts, 0, QString());
    }

    // Recursive, because assigning to a YAML::Node would write into the document instead of moving along it.
    static YAML::Node child(const YAML::Node& node, const QStringList& parts, int i, const QString& walked)
    {
        if (i == parts.size())
            return node;
        if (!node || node.IsNull())
            return YAML::Node();
        if (!node.IsMap())
            throw KeyError{walked, node.Mark().line + 1, QStringLiteral("expected a mapping")};
        const YAML::Node next = node[parts[i].toStdString()];
        return child(next, parts, i + 1, walked.isEmpty() ? parts[i] : walked + QLatin1Char('.') + parts[i]);
    }

private:
    static void convert(const YAML::Node& node, QString& out) { out = QString::fromStdString(node.as<std::string>()); }
    static void convert(const YAML::Node& node, bool& out) { out = node.as<bool>(); }
    static void convert(const YAML::Node& node, int& out) { out = node.as<int>(); }
    static void convert(const YAML::Node& node, double& out) { out = node.as<double>(); }
    static QString expectation(const QString&) { return QStringLiteral("expected a string"); }
    static QString expectation(bool) { return QStringLiteral("expected true or false"); }
    static QString expectation(int) { return QStringLiteral("expected a whole number"); }
    static QString expectation(double) { return QStringLiteral("expected a number"); }

    YAML::Node m_root;
};

QString randomSecret(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    for (char& c : raw)
        c = char(QRandomGenerator::system()->bounded(256));
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// Loads a YAML document whose top level is a mapping and hands it to `read`; turns every KeyError and YAML error
// into one message naming the file, the key and the line. Shared by config.yml and the Pouch settings file.
template <typename F> bool readYaml(const QByteArray& yaml, const QString& sourceName, QString& error, F&& read)
{
    try {
        YAML::Node root = YAML::Load(yaml.toStdString());
        if (root && !root.IsNull() && !root.IsMap()) {
            error = QObject::tr("%1: line %2: the top level must be a mapping of keys")
                        .arg(sourceName)
                        .arg(root.Mark().line + 1);
            return false;
        }
        Reader r(root);
        read(r);
    } catch (const KeyError& e) {
        error = QObject::tr("%1: line %2: key '%3': %4").arg(sourceName).arg(e.line).arg(e.key, e.what);
        return false;
    } catch (const YAML::Exception& e) {
        error = QObject::tr("%1: line %2: invalid YAML: %3")
                    .arg(sourceName)
                    .arg(e.mark.line + 1)
                    .arg(QString::fromStdString(e.msg));
        return false;
    }
    return true;
}

bool readFileText(const QString& path, QByteArray* text, QString& error)
{
    QFile file(path);
    if (!file.exists()) {
        error = QObject::tr("%1: the configuration file does not exist").arg(path);
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        error = QObject::tr("%1: cannot read the configuration file: %2").arg(path, file.errorString());
        return false;
    }
    *text = file.readAll();
    return true;
}

} // namespace

bool Config::parse(const QByteArray& yaml, const QString& sourceName, Config& out, QString& error)
{
    Config c;
    c.sourceFile = sourceName;
    const bool read = readYaml(yaml, sourceName, error, [&c](Reader& r) {
        r.read("debug", c.debug);
        r.read("uuid", c.nodeUuid);
        r.read("token_id", c.tokenId);
        r.read("token", c.token);
        r.read("remote", c.remote);
        r.read("remote_query.timeout", c.remoteTimeoutSec);
        r.read("api.host", c.apiHost);
        r.read("api.port", c.apiPort);
        r.read("api.ssl.enabled", c.sslEnabled);
        r.read("api.ssl.cert", c.sslCert);
        r.read("api.ssl.key", c.sslKey);
        r.read("system.root_directory", c.rootDirectory);
        r.read("system.data", c.dataDirectory);
        r.read("system.tmp_directory", c.tmpDirectory);
        r.read("system.backups.write_limit", c.writeLimitMiB);
        r.read("system.backups.compression_level", c.compressionLevel);
        r.read("system.backups.restic.enabled", c.restic.enabled);
        r.read("system.backups.restic.repository", c.restic.repository);
        r.read("system.backups.restic.password", c.restic.password);
        r.read("system.backups.restic.aws_access_key_id", c.restic.awsAccessKeyId);
        r.read("system.backups.restic.aws_secret_access_key", c.restic.awsSecretAccessKey);
        r.read("system.backups.restic.aws_region", c.restic.awsRegion);
        r.read("system.backups.restic.binary_path", c.restic.binaryPath);
        r.read("system.backups.restic.cache_dir", c.restic.cacheDir);
        r.read("system.backups.restic.cacert", c.restic.cacert);
        r.read("system.backups.restic.stall_timeout", c.restic.stallTimeoutSec);
        r.read("system.backups.restic.resync_interval", c.restic.resyncIntervalSec);
        r.read("system.backups.restic.restore_method", c.restic.restoreMethod);
    });
    if (!read)
        return false;

    auto fail = [&](const QString& key, const QString& what) {
        error = QObject::tr("%1: key '%2': %3").arg(sourceName, key, what);
        return false;
    };
    if (c.apiPort < 1 || c.apiPort > 65535)
        return fail(QStringLiteral("api.port"), QObject::tr("must be between 1 and 65535"));
    if (c.remoteTimeoutSec < 1)
        return fail(QStringLiteral("remote_query.timeout"), QObject::tr("must be at least 1 second"));
    static const QStringList levels{QStringLiteral("none"), QStringLiteral("best_speed"),
                                    QStringLiteral("best_compression")};
    if (!levels.contains(c.compressionLevel))
        return fail(QStringLiteral("system.backups.compression_level"),
                    QObject::tr("must be one of none, best_speed, best_compression"));
    static const QStringList methods{QStringLiteral("auto"), QStringLiteral("restore"), QStringLiteral("dump")};
    if (!methods.contains(c.restic.restoreMethod))
        return fail(QStringLiteral("system.backups.restic.restore_method"),
                    QObject::tr("must be one of auto, restore, dump"));
    if (c.dataDirectory.isEmpty() || !QDir::isAbsolutePath(c.dataDirectory))
        return fail(QStringLiteral("system.data"), QObject::tr("must be an absolute path"));
    if (c.restic.binaryPath.isEmpty())
        c.restic.binaryPath = QStringLiteral("restic");
    c.dataDirectory = QDir::cleanPath(c.dataDirectory);
    out = c;
    return true;
}

bool Config::loadFile(const QString& path, Config& out, QString& error)
{
    QByteArray text;
    if (!readFileText(path, &text, error))
        return false;
    if (QFile::permissions(path) & (QFileDevice::ReadOther | QFileDevice::WriteOther))
        qCWarning(lcConfig).noquote()
            << QObject::tr("%1 holds secrets but is readable by other users; run: chmod 600 %1").arg(path);
    if (!parse(text, path, out, error))
        return false;
    out.sourceFile = QFileInfo(path).absoluteFilePath();
    return true;
}

QString Config::embeddedConfigPath()
{
    // Generic + "/pouch": the app's own location would nest the organisation and application names.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/pouch/config.yml");
}

bool Config::loadEmbeddedDefault(Config& out, QString& error)
{
    const QString path = embeddedConfigPath();
    if (!QFile::exists(path)) {
        const QString data =
            QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/pouch");
        Config c;
        c.embedded = true;
        c.tokenId = randomSecret(12).left(16);
        c.token = randomSecret(32);
        c.apiHost = QStringLiteral("127.0.0.1");
        c.rootDirectory = data;
        c.dataDirectory = data + QStringLiteral("/volumes");
        c.tmpDirectory = data + QStringLiteral("/tmp");
        c.restic.enabled = true;
        c.restic.repository = data + QStringLiteral("/repository");
        c.restic.password = randomSecret(32);
        c.restic.cacheDir =
            QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + QStringLiteral("/pouch/restic");
        if (!QDir().mkpath(c.dataDirectory)) {
            error = QObject::tr("Cannot create the volumes directory %1").arg(c.dataDirectory);
            return false;
        }
        if (!c.save(path, error))
            return false;
        qCInfo(lcConfig).noquote() << QObject::tr("Created the default configuration %1").arg(path);
    }
    if (!loadFile(path, out, error))
        return false;
    out.embedded = true;
    QDir().mkpath(out.dataDirectory);
    return true;
}

namespace {
void emitScalar(YAML::Emitter& e, const char* key, const QString& value)
{
    e << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << value.toStdString();
}
} // namespace

bool Config::save(const QString& path, QString& error) const
{
    YAML::Emitter e;
    e << YAML::BeginMap;
    e << YAML::Key << "debug" << YAML::Value << debug;
    if (!nodeUuid.isEmpty())
        emitScalar(e, "uuid", nodeUuid);
    emitScalar(e, "token_id", tokenId);
    emitScalar(e, "token", token);
    emitScalar(e, "remote", remote);
    e << YAML::Key << "remote_query" << YAML::Value << YAML::BeginMap;
    e << YAML::Key << "timeout" << YAML::Value << remoteTimeoutSec << YAML::EndMap;
    e << YAML::Key << "api" << YAML::Value << YAML::BeginMap;
    emitScalar(e, "host", apiHost);
    e << YAML::Key << "port" << YAML::Value << apiPort;
    e << YAML::Key << "ssl" << YAML::Value << YAML::BeginMap;
    e << YAML::Key << "enabled" << YAML::Value << sslEnabled;
    emitScalar(e, "cert", sslCert);
    emitScalar(e, "key", sslKey);
    e << YAML::EndMap << YAML::EndMap;
    e << YAML::Key << "system" << YAML::Value << YAML::BeginMap;
    emitScalar(e, "root_directory", rootDirectory);
    emitScalar(e, "data", dataDirectory);
    emitScalar(e, "tmp_directory", tmpDirectory);
    e << YAML::Key << "backups" << YAML::Value << YAML::BeginMap;
    e << YAML::Key << "write_limit" << YAML::Value << writeLimitMiB;
    emitScalar(e, "compression_level", compressionLevel);
    e << YAML::Key << "restic" << YAML::Value << YAML::BeginMap;
    e << YAML::Key << "enabled" << YAML::Value << restic.enabled;
    emitScalar(e, "repository", restic.repository);
    emitScalar(e, "password", restic.password);
    emitScalar(e, "aws_access_key_id", restic.awsAccessKeyId);
    emitScalar(e, "aws_secret_access_key", restic.awsSecretAccessKey);
    emitScalar(e, "aws_region", restic.awsRegion);
    emitScalar(e, "binary_path", restic.binaryPath);
    emitScalar(e, "cache_dir", restic.cacheDir);
    emitScalar(e, "cacert", restic.cacert);
    e << YAML::Key << "stall_timeout" << YAML::Value << restic.stallTimeoutSec;
    e << YAML::Key << "resync_interval" << YAML::Value << restic.resyncIntervalSec;
    emitScalar(e, "restore_method", restic.restoreMethod);
    e << YAML::EndMap << YAML::EndMap << YAML::EndMap << YAML::EndMap;

    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    // Secrets: owner-only from the first byte, before anything is written.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write("# Pouch configuration (Wings config.yml format). Holds secrets: keep it mode 0600.\n");
    file.write(e.c_str());
    file.write("\n");
    if (!file.commit()) {
        error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

QString Config::repositoryProblem() const
{
    const QString file = sourceFile.isEmpty() ? QObject::tr("the configuration") : sourceFile;
    if (!restic.enabled)
        return QObject::tr("%1: system.backups.restic.enabled is not true, so there is no repository to back up "
                           "to.")
            .arg(file);
    if (restic.repository.trimmed().isEmpty())
        return QObject::tr("%1: system.backups.restic.repository is missing.").arg(file);
    if (restic.password.isEmpty())
        return QObject::tr("%1: system.backups.restic.password is missing.").arg(file);
    return {};
}

QString Config::stateDirectory() const
{
    return rootDirectory + QStringLiteral("/pouch");
}

void Config::apply(const PouchSettings& settings)
{
    settingsFile = settings.sourceFile.isEmpty() ? PouchSettings::defaultPath() : settings.sourceFile;
    if (!settings.listenHost.isEmpty()) {
        apiHost = settings.listenHost;
        apiPort = settings.listenPort;
    }
    if (settings.resyncIntervalSec > 0)
        restic.resyncIntervalSec = settings.resyncIntervalSec;
    maintenance = settings.maintenance;
    metricsToken = settings.metricsToken;
    if (!settings.sslCert.isEmpty()) {
        sslEnabled = true;
        sslCert = settings.sslCert;
        sslKey = settings.sslKey;
    }
}

bool Config::parseListen(const QString& text, QString* host, int* port)
{
    const QString t = text.trimmed();
    const qsizetype colon = t.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    QString h = t.left(colon);
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']')))
        h = h.mid(1, h.size() - 2);
    else if (h.contains(QLatin1Char(':')))
        return false; // an IPv6 address needs its brackets, or the port is ambiguous
    bool ok = false;
    const int p = t.mid(colon + 1).toInt(&ok);
    if (h.isEmpty() || !ok || p < 1 || p > 65535)
        return false;
    *host = h;
    *port = p;
    return true;
}

QString Config::repositoryForDisplay(const QString& repository)
{
    QString r = repository.trimmed();
    // A local path (no scheme, or restic's "local:") has neither credentials nor a query.
    static const QRegularExpression scheme(QStringLiteral("^([a-z0-9]+:)(.*)$"));
    const QRegularExpressionMatch m = scheme.match(r);
    if (!m.hasMatch() || m.captured(1) == QLatin1String("local:") || r.startsWith(QLatin1Char('/')))
        return r;
    QString rest = m.captured(2);
    if (const qsizetype q = rest.indexOf(QLatin1Char('?')); q >= 0)
        rest.truncate(q);
    // "https://user:pw@host/…", "//user@host/…" or restic's "sftp:user@host:/path", "rest:https://u:p@host/".
    const qsizetype authority = rest.indexOf(QLatin1String("//"));
    const qsizetype start = authority >= 0 ? authority + 2 : 0;
    qsizetype end = rest.indexOf(QLatin1Char('/'), start);
    if (end < 0)
        end = rest.size();
    const qsizetype at = rest.lastIndexOf(QLatin1Char('@'), end - 1);
    if (at >= start)
        rest.remove(start, at - start + 1);
    return m.captured(1) + rest;
}

QString PouchSettings::defaultPath()
{
    return QStringLiteral("/etc/pouch/pouch.yml");
}

bool PouchSettings::loadFile(const QString& path, bool required, PouchSettings& out, QString& error)
{
    if (!required && !QFileInfo::exists(path)) {
        out = PouchSettings();
        return true;
    }
    QByteArray text;
    if (!readFileText(path, &text, error))
        return false;
    if (!parse(text, path, out, error))
        return false;
    out.sourceFile = QFileInfo(path).absoluteFilePath();
    return true;
}

bool PouchSettings::parse(const QByteArray& yaml, const QString& sourceName, PouchSettings& out, QString& error)
{
    PouchSettings s;
    s.sourceFile = sourceName;
    const bool read = readYaml(yaml, sourceName, error, [&s](Reader& r) {
        QString listen;
        r.read("listen", listen);
        if (!listen.isEmpty() && !Config::parseListen(listen, &s.listenHost, &s.listenPort))
            throw KeyError{
                QStringLiteral("listen"), r.find("listen").Mark().line + 1,
                QObject::tr("expected host:port (e.g. 0.0.0.0:8095 or [::]:8095), not \"%1\"").arg(listen.left(80))};
        r.read("catalogue.resync_interval", s.resyncIntervalSec);
        if (const YAML::Node n = r.find("catalogue.resync_interval"); n && !n.IsNull() && s.resyncIntervalSec < 1)
            throw KeyError{QStringLiteral("catalogue.resync_interval"), n.Mark().line + 1,
                           QObject::tr("must be at least 1 second")};
        const auto atLeast = [&r](const char* key, int& value, int minimum, const QString& why) {
            r.read(key, value);
            if (const YAML::Node n = r.find(key); n && !n.IsNull() && value < minimum)
                throw KeyError{QString::fromLatin1(key), n.Mark().line + 1, why};
        };
        MaintenanceSettings& m = s.maintenance;
        atLeast("maintenance.check.every_days", m.checkEveryDays, 0, QObject::tr("must be 0 (off) or more days"));
        r.read("maintenance.check.read_data_subset", m.checkReadDataSubset);
        if (const QString problem = ResticCommand::readDataSubsetProblem(m.checkReadDataSubset);
            !m.checkReadDataSubset.isEmpty() && !problem.isEmpty())
            throw KeyError{QStringLiteral("maintenance.check.read_data_subset"),
                           r.find("maintenance.check.read_data_subset").Mark().line + 1, problem};
        atLeast("maintenance.prune.after_deletes", m.pruneAfterDeletes, 0,
                QObject::tr("must be 0 (a prune after every delete) or more deletes"));
        atLeast("maintenance.prune.every_days", m.pruneEveryDays, 0, QObject::tr("must be 0 (off) or more days"));
        atLeast("maintenance.raw_size_interval", m.rawSizeIntervalSec, 1, QObject::tr("must be at least 1 second"));
        r.read("metrics.token", s.metricsToken);
        if (const YAML::Node n = r.find("metrics.token"); n && !n.IsNull() && s.metricsToken.size() < 16)
            throw KeyError{QStringLiteral("metrics.token"), n.Mark().line + 1,
                           QObject::tr("must be at least 16 characters")};
        r.read("ssl.cert", s.sslCert);
        r.read("ssl.key", s.sslKey);
        if (s.sslCert.isEmpty() != s.sslKey.isEmpty())
            throw KeyError{s.sslCert.isEmpty() ? QStringLiteral("ssl.cert") : QStringLiteral("ssl.key"),
                           r.find("ssl").Mark().line + 1,
                           QObject::tr("ssl.cert and ssl.key go together: give both files, or neither")};
        const YAML::Node nodes = r.find("console.nodes");
        if (!nodes || nodes.IsNull())
            return;
        if (!nodes.IsSequence())
            throw KeyError{QStringLiteral("console.nodes"), nodes.Mark().line + 1,
                           QObject::tr("expected a list of nodes, each with a url")};
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            const YAML::Node node = nodes[i];
            const QString key = QStringLiteral("console.nodes[%1]").arg(i);
            if (!node.IsMap())
                throw KeyError{key, node.Mark().line + 1, QObject::tr("expected a mapping with url and name")};
            Reader item(node);
            ConsoleNode n;
            try {
                item.read("url", n.url);
                item.read("name", n.name);
            } catch (const KeyError& e) {
                throw KeyError{key + QLatin1Char('.') + e.key, e.line, e.what};
            }
            const QUrl url(n.url, QUrl::StrictMode);
            if (!url.isValid() || url.host().isEmpty() ||
                (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
                throw KeyError{key + QStringLiteral(".url"), node.Mark().line + 1,
                               QObject::tr("expected the node's http(s):// address, e.g. https://node1.example:8095")};
            if (n.name.isEmpty())
                n.name = url.host();
            s.consoleNodes << n;
        }
    });
    if (!read)
        return false;
    out = s;
    return true;
}
