#include "TrustCertificateDialog.h"
#include "Callout.h"
#include "Style.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

QString names(const QSslCertificate& cert, bool issuer)
{
    QStringList parts;
    for (const auto attribute : {QSslCertificate::CommonName, QSslCertificate::Organization,
                                 QSslCertificate::OrganizationalUnitName, QSslCertificate::CountryName}) {
        const QStringList values = issuer ? cert.issuerInfo(attribute) : cert.subjectInfo(attribute);
        for (const QString& v : values) {
            if (!v.isEmpty() && !parts.contains(v))
                parts << v;
        }
    }
    if (parts.isEmpty())
        return issuer ? cert.issuerDisplayName() : cert.subjectDisplayName();
    return parts.join(QStringLiteral(", "));
}

QString when(const QDateTime& t)
{
    return QLocale().toString(t.toLocalTime(), QLocale::ShortFormat);
}

QLabel* selectable(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

} // namespace

TrustCertificateDialog::TrustCertificateDialog(const QUrl& nodeUrl, const QSslCertificate& certificate,
                                               const QByteArray& pinnedSha256, QWidget* parent)
    : QDialog(parent), m_fingerprint(fingerprintOf(certificate))
{
    m_mode = !pinnedSha256.isEmpty() && pinnedSha256 != m_fingerprint ? Mode::Changed : Mode::FirstUse;
    auto* layout = new QVBoxLayout(this);
    layout->setSizeConstraint(QLayout::SetMinimumSize);

    // The headline names no URL: a long host broke the bold line mid-name; the Node row below has it whole.
    Callout* callout = nullptr;
    if (m_mode == Mode::Changed) {
        setWindowTitle(tr("Certificate Changed"));
        callout = new Callout(Style::Tone::Error, this);
        callout->setText(tr("<b>This node's certificate has changed.</b> It is not the one you trusted, so Pouch "
                            "did not connect and sent no token. Either the node was given a new certificate, or "
                            "someone between you and the node is intercepting the connection."));
    } else {
        setWindowTitle(tr("Trust This Certificate?"));
        callout = new Callout(Style::Tone::Warning, this);
        callout->setText(tr("<b>The system does not trust this node's certificate.</b> A node with a self-signed "
                            "certificate looks like this, and so does someone intercepting the connection. Trust "
                            "it only when its fingerprint below matches the one on the node."));
    }
    callout->setObjectName(QStringLiteral("callout"));
    callout->label()->setTextFormat(Qt::RichText);
    layout->addWidget(callout);
    layout->addSpacing(4);

    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    form->addRow(tr("Node:"), selectable(nodeUrl.toString(QUrl::FullyEncoded), this));
    if (m_mode == Mode::Changed) {
        m_shownPinned = fingerprintLabel(pinnedSha256, "pinnedFingerprintLabel");
        form->addRow(tr("Trusted fingerprint:"), m_shownPinned);
        // The rows below are of the new certificate, not of the trusted one, which is known only by its hash.
        auto* heading = new QLabel(tr("<b>The certificate presented now</b>"), this);
        heading->setContentsMargins(0, 8, 0, 0);
        form->addRow(heading);
    }
    form->addRow(tr("Issued to:"), selectable(names(certificate, false), this));
    QString issuer = names(certificate, true);
    if (certificate.isSelfSigned())
        issuer = tr("%1 (self-signed)").arg(issuer);
    form->addRow(tr("Issued by:"), selectable(issuer, this));
    QStringList alternatives = certificate.subjectAlternativeNames().values();
    if (!alternatives.isEmpty())
        form->addRow(tr("Host names:"), selectable(alternatives.join(QStringLiteral(", ")), this));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString validity =
        tr("%1 to %2")
            .arg(when(certificate.effectiveDate()).toHtmlEscaped(), when(certificate.expiryDate()).toHtmlEscaped());
    if (certificate.expiryDate() < now)
        validity += QStringLiteral(" <span style='color:%1'>%2</span>").arg(Style::errorColor(), tr("(expired)"));
    else if (certificate.effectiveDate() > now)
        validity += QStringLiteral(" <span style='color:%1'>%2</span>").arg(Style::errorColor(), tr("(not yet valid)"));
    auto* validityLabel = selectable(validity, this);
    validityLabel->setTextFormat(Qt::RichText);
    form->addRow(tr("Valid:"), validityLabel);
    m_shown = fingerprintLabel(m_fingerprint, "fingerprintLabel");
    form->addRow(tr("SHA-256 fingerprint:"), m_shown);
    layout->addLayout(form);
    layout->addSpacing(6);

    auto* how = new QLabel(m_mode == Mode::Changed
                               ? tr("If the node was given a new certificate, print its fingerprint on the node and "
                                    "compare it with the one presented now:")
                               : tr("To compare, print the fingerprint on the node:"),
                           this);
    how->setWordWrap(true);
    layout->addWidget(how);
    auto* command = new QLabel(opensslCommand(), this);
    command->setObjectName(QStringLiteral("opensslCommand"));
    command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    command->setTextInteractionFlags(Qt::TextSelectableByMouse);
    command->setStyleSheet(QStringLiteral("QLabel { background: palette(base); border: 1px solid palette(mid); "
                                          "border-radius: 3px; padding: 4px 6px; }"));
    layout->addWidget(command);
    auto* which = new QLabel(tr("The file is the one named by ssl.cert in /etc/pouch/pouch.yml, or else by "
                                "api.ssl.cert in Wings' /etc/pelican/config.yml."),
                             this);
    which->setWordWrap(true);
    which->setStyleSheet(Style::hintTextSheet());
    layout->addWidget(which);

    auto* after = new QLabel(m_mode == Mode::Changed
                                 ? tr("Pouch never replaces a trusted certificate by itself. To trust the new one, "
                                      "remove this node and add it again, then compare the fingerprint it shows.")
                                 : tr("Once trusted, this certificate is remembered for this node, and a different "
                                      "one is refused."),
                             this);
    after->setObjectName(QStringLiteral("afterLabel"));
    after->setWordWrap(true);
    layout->addWidget(after);

    auto* buttons = new QDialogButtonBox(this);
    if (m_mode == Mode::Changed) {
        QPushButton* close = buttons->addButton(QDialogButtonBox::Close);
        close->setDefault(true);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    } else {
        m_trust = buttons->addButton(tr("&Trust this certificate"), QDialogButtonBox::AcceptRole);
        m_trust->setObjectName(QStringLiteral("trustButton"));
        m_trust->setAutoDefault(false);
        QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
        // A press of Enter must not trust anything: Cancel is the default and has the focus.
        cancel->setDefault(true);
        cancel->setFocus();
        connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    }
    layout->addWidget(buttons);
}

QByteArray TrustCertificateDialog::fingerprintOf(const QSslCertificate& certificate)
{
    if (certificate.isNull())
        return {};
    return QCryptographicHash::hash(certificate.toDer(), QCryptographicHash::Sha256).toHex();
}

QString TrustCertificateDialog::groupedFingerprint(const QByteArray& sha256Hex)
{
    QStringList pairs;
    for (qsizetype i = 0; i + 1 < sha256Hex.size(); i += 2)
        pairs << QString::fromLatin1(sha256Hex.mid(i, 2)).toUpper();
    return pairs.join(QLatin1Char(':'));
}

QString TrustCertificateDialog::opensslCommand()
{
    return QStringLiteral("openssl x509 -in /etc/pouch/tls/cert.pem -noout -fingerprint -sha256");
}

QLabel* TrustCertificateDialog::fingerprintLabel(const QByteArray& sha256Hex, const char* objectName)
{
    // Two lines of 16 pairs: easier to compare by eye than one line of 95 characters.
    const QString grouped = groupedFingerprint(sha256Hex);
    const qsizetype half = grouped.size() / 2 + 1; // after the 16th pair's colon
    auto* label =
        selectable(grouped.size() > 48 ? grouped.left(half) + QLatin1Char('\n') + grouped.mid(half) : grouped, this);
    label->setWordWrap(false);
    label->setObjectName(QString::fromLatin1(objectName));
    label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return label;
}

QString TrustCertificateDialog::shownFingerprint() const
{
    return m_shown ? m_shown->text().remove(QLatin1Char('\n')) : QString();
}

QString TrustCertificateDialog::shownPinnedFingerprint() const
{
    return m_shownPinned ? m_shownPinned->text().remove(QLatin1Char('\n')) : QString();
}
