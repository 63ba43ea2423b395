#include "DesktopSettings.h"
#include "SecretStore.h"
#include "ServerListModel.h"

#include <QSettings>
#include <QStandardPaths>

namespace {
const QString kRepository = QStringLiteral("repository/url");
const QString kAwsKeyId = QStringLiteral("repository/awsAccessKeyId");
const QString kAwsRegion = QStringLiteral("repository/awsRegion");
const QString kCacert = QStringLiteral("repository/cacert");
const QString kBinary = QStringLiteral("restic/binary");
const QString kCacheDir = QStringLiteral("restic/cacheDir");
const QString kDataDir = QStringLiteral("servers/volumesDir");
const QString kSecretsInFile = QStringLiteral("secrets/inFile");
} // namespace

QHash<QString, QString> DesktopSecrets::toHash() const
{
    return {{SecretStore::kPasswordKey, password},
            {SecretStore::kAwsSecretKey, awsSecretAccessKey},
            {SecretStore::kTokenKey, token}};
}

DesktopSecrets DesktopSecrets::fromHash(const QHash<QString, QString>& values)
{
    DesktopSecrets s;
    s.password = values.value(SecretStore::kPasswordKey);
    s.awsSecretAccessKey = values.value(SecretStore::kAwsSecretKey);
    s.token = values.value(SecretStore::kTokenKey);
    return s;
}

DesktopSettings::DesktopSettings(QSettings& settings) : m_settings(settings) {}

bool DesktopSettings::hasSaved() const
{
    return !m_settings.value(kRepository).toString().isEmpty();
}

DesktopValues DesktopSettings::defaults()
{
    DesktopValues v;
    const Config c;
    v.binaryPath = c.restic.binaryPath;
    v.cacheDir =
        QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + QStringLiteral("/pouch/restic");
    v.dataDirectory = c.dataDirectory;
    return v;
}

DesktopValues DesktopSettings::load() const
{
    const DesktopValues d = defaults();
    DesktopValues v;
    v.repository = m_settings.value(kRepository).toString();
    v.awsAccessKeyId = m_settings.value(kAwsKeyId).toString();
    v.awsRegion = m_settings.value(kAwsRegion).toString();
    v.cacert = m_settings.value(kCacert).toString();
    v.binaryPath = m_settings.value(kBinary, d.binaryPath).toString();
    v.cacheDir = m_settings.value(kCacheDir, d.cacheDir).toString();
    v.dataDirectory = m_settings.value(kDataDir, d.dataDirectory).toString();
    v.secretsInFile = m_settings.value(kSecretsInFile, false).toBool();
    return v;
}

void DesktopSettings::save(const DesktopValues& v)
{
    m_settings.setValue(kRepository, v.repository);
    m_settings.setValue(kAwsKeyId, v.awsAccessKeyId);
    m_settings.setValue(kAwsRegion, v.awsRegion);
    m_settings.setValue(kCacert, v.cacert);
    m_settings.setValue(kBinary, v.binaryPath);
    m_settings.setValue(kCacheDir, v.cacheDir);
    m_settings.setValue(kDataDir, v.dataDirectory);
    m_settings.setValue(kSecretsInFile, v.secretsInFile);
    m_settings.sync();
}

Config DesktopSettings::toConfig(const DesktopValues& v, const DesktopSecrets& s)
{
    Config c;
    const QString appData =
        QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/pouch");
    c.sourceFile.clear();
    c.rootDirectory = appData;
    c.tmpDirectory = appData + QStringLiteral("/tmp");
    c.dataDirectory = v.dataDirectory.isEmpty() ? c.dataDirectory : v.dataDirectory;
    c.token = s.token;
    c.restic.enabled = true;
    c.restic.repository = v.repository;
    c.restic.password = s.password;
    c.restic.awsAccessKeyId = v.awsAccessKeyId;
    c.restic.awsSecretAccessKey = s.awsSecretAccessKey;
    c.restic.awsRegion = v.awsRegion;
    c.restic.binaryPath = v.binaryPath.isEmpty() ? QStringLiteral("restic") : v.binaryPath;
    if (!v.cacheDir.isEmpty())
        c.restic.cacheDir = v.cacheDir;
    c.restic.cacert = v.cacert;
    return c;
}

DesktopValues DesktopSettings::valuesFrom(const Config& c)
{
    DesktopValues v;
    v.repository = c.restic.repository;
    v.awsAccessKeyId = c.restic.awsAccessKeyId;
    v.awsRegion = c.restic.awsRegion;
    v.binaryPath = c.restic.binaryPath;
    v.cacheDir = c.restic.cacheDir;
    v.dataDirectory = c.dataDirectory;
    v.cacert = c.restic.cacert;
    return v;
}

DesktopSecrets DesktopSettings::secretsFrom(const Config& c)
{
    DesktopSecrets s;
    s.password = c.restic.password;
    s.awsSecretAccessKey = c.restic.awsSecretAccessKey;
    s.token = c.token;
    return s;
}

int DesktopSettings::staleAfterHours(const QSettings& settings)
{
    bool ok = false;
    const int hours = settings.value(QStringLiteral("health/stale_after_hours")).toInt(&ok);
    return ok && hours >= 0 ? hours : ServerListModel::kDefaultStaleAfterHours;
}
