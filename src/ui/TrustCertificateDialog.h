#pragma once

#include <QDialog>
#include <QSslCertificate>
#include <QUrl>

class QLabel;
class QPushButton;

// Trust on first use of a node's TLS certificate that the system's CAs do not vouch for: the node, the
// certificate's subject, issuer, validity and SHA-256 fingerprint, and the openssl line that prints the same
// fingerprint on the node to compare. "Trust this certificate" accepts (the caller pins fingerprint()); Cancel is
// the default. When a certificate is pinned already and this one differs, the dialog says so, shows both
// fingerprints and only closes: a changed certificate is never trusted from here, the node is removed and added
// again instead.
class TrustCertificateDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode
    {
        FirstUse,
        Changed,
    };
    Q_ENUM(Mode)

    TrustCertificateDialog(const QUrl& nodeUrl, const QSslCertificate& certificate, const QByteArray& pinnedSha256 = {},
                           QWidget* parent = nullptr);

    Mode mode() const { return m_mode; }
    // The presented certificate's fingerprint: lowercase hex SHA-256 of its DER form (what RemoteNode pins).
    QByteArray fingerprint() const { return m_fingerprint; }
    static QByteArray fingerprintOf(const QSslCertificate& certificate);
    // "AB:CD:…", as `openssl x509 -fingerprint -sha256` prints it.
    static QString groupedFingerprint(const QByteArray& sha256Hex);
    // The openssl command that prints the fingerprint on the node.
    static QString opensslCommand();

    // The fingerprints as shown (grouped, on one line), for tests; the pinned one is empty in FirstUse.
    QString shownFingerprint() const;
    QString shownPinnedFingerprint() const;
    QPushButton* trustButton() const { return m_trust; }

private:
    QLabel* fingerprintLabel(const QByteArray& sha256Hex, const char* objectName);

    Mode m_mode = Mode::FirstUse;
    QByteArray m_fingerprint;
    QLabel* m_shown = nullptr;
    QLabel* m_shownPinned = nullptr;
    QPushButton* m_trust = nullptr;
};
