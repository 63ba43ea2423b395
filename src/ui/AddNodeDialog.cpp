#include "AddNodeDialog.h"
#include "Style.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QTimer>
#include <QVBoxLayout>

AddNodeDialog::AddNodeDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Add Node"));
    auto* layout = new QVBoxLayout(this);

    auto* intro = new QLabel(tr("Connect this console to a Pouch node that runs “pouch --headless”. Its servers, "
                                "backups and jobs then show here beside the others."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* form = m_form = new QFormLayout;
    m_url = new QLineEdit(this);
    m_url->setPlaceholderText(tr("https://node1.example.com:8095"));
    m_url->setMinimumWidth(m_url->fontMetrics().averageCharWidth() * 64);
    m_urlMessage = new QLabel(this);
    m_urlMessage->setWordWrap(true);
    m_label = new QLineEdit(this);
    m_label->setPlaceholderText(tr("Optional: shown instead of the address"));
    m_token = new QLineEdit(this);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("“token” in the node's /etc/pelican/config.yml"));
    m_showToken = new QCheckBox(tr("Sho&w the token"), this);
    connect(m_showToken, &QCheckBox::toggled, this,
            [this](bool show) { m_token->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password); });
    m_tokenMessage = new QLabel(this);
    m_tokenMessage->setWordWrap(true);
    form->addRow(tr("Node &address:"), m_url);
    form->addRow(QString(), m_urlMessage);
    form->addRow(tr("&Name:"), m_label);
    form->addRow(tr("&Token:"), m_token);
    form->addRow(QString(), m_tokenMessage);
    form->addRow(QString(), m_showToken);
    layout->addLayout(form);

    m_storage = new QLabel(this);
    m_storage->setWordWrap(true);
    m_storage->setStyleSheet(Style::hintTextSheet());
    layout->addWidget(m_storage);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add Node"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_valid)
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);

    for (QLineEdit* edit : {m_url, m_label, m_token}) {
        edit->setTextMargins(3, 0, 3, 0);
        connect(edit, &QLineEdit::textChanged, this, &AddNodeDialog::validate);
    }
    connect(m_token, &QLineEdit::textEdited, this, [this] {
        m_tokenEdited = true;
        validate();
    });

    const std::pair<QWidget*, const char*> names[] = {
        {m_url, "urlEdit"},         {m_urlMessage, "urlMessage"},     {m_label, "labelEdit"},
        {m_token, "tokenEdit"},     {m_tokenMessage, "tokenMessage"}, {m_showToken, "showTokenCheck"},
        {m_storage, "storageLabel"}};
    for (const auto& [widget, name] : names)
        widget->setObjectName(QString::fromLatin1(name));

    setTokenStorage(SecretStore::Backend::Keychain);
    validate();
    m_url->setFocus();
}

void AddNodeDialog::setExistingKeys(const QStringList& keys)
{
    m_existing = keys;
    validate();
}

void AddNodeDialog::setTokenStorage(SecretStore::Backend backend, const QString& filePath)
{
    const QString file = QDir::toNativeSeparators(filePath.isEmpty() ? SecretStore::defaultFilePath() : filePath);
    m_storage->setText(backend == SecretStore::Backend::Keychain
                           ? tr("The token is stored in your desktop's keychain, never in a plain file.")
                           : tr("No keychain is in use, so the token is stored in %1 (mode 0600, readable only by "
                                "you), as chosen in Settings.")
                                 .arg(file));
    if (isVisible())
        fitHeight();
}

NodeEntry AddNodeDialog::entry() const
{
    NodeEntry e;
    e.url = NodeRegistry::normalizeUrl(m_url->text());
    e.label = m_label->text().trimmed();
    e.token = m_token->text().trimmed();
    return e;
}

QString AddNodeDialog::urlMessage() const
{
    return m_urlMessage->isHidden() ? QString() : m_urlMessage->text();
}

QString AddNodeDialog::tokenMessage() const
{
    return m_tokenMessage->isHidden() ? QString() : m_tokenMessage->text();
}

void AddNodeDialog::validate()
{
    // A hidden message takes its row away too, spacing included (a hidden widget alone left a gap).
    auto show = [this](QLabel* label, const QString& text, const QString& sheet) {
        label->setText(text);
        label->setStyleSheet(sheet);
        m_form->setRowVisible(label, !text.isEmpty());
    };
    const QString cautionSheet = QStringLiteral("color: %1;").arg(Style::cautionColor());

    // Nothing typed yet is no mistake: the placeholder says what goes there.
    QString why;
    const QUrl url = NodeRegistry::normalizeUrl(m_url->text(), &why);
    bool urlOk = !url.isEmpty();
    if (m_url->text().trimmed().isEmpty()) {
        show(m_urlMessage, QString(), QString());
    } else if (!urlOk) {
        show(m_urlMessage, why, Style::errorTextSheet());
    } else if (m_existing.contains(url.toString(QUrl::FullyEncoded))) {
        urlOk = false;
        show(m_urlMessage, tr("This node is already in the list."), Style::errorTextSheet());
    } else if (NodeRegistry::isCleartextToRemote(url)) {
        show(m_urlMessage,
             tr("Over http:// the token travels in clear text to %1: anyone on the way can read it and use the "
                "node. Use https:// unless this network is private.")
                 .arg(url.host()),
             cautionSheet);
    } else {
        show(m_urlMessage, QString(), QString());
    }

    const QString token = m_token->text().trimmed();
    const QString tokenWhy = NodeRegistry::tokenProblem(token);
    // An empty token is said once it matters: after typing in the field, or with a good address above it.
    const bool sayEmpty = m_tokenEdited || urlOk;
    show(m_tokenMessage, tokenWhy.isEmpty() || (token.isEmpty() && !sayEmpty) ? QString() : tokenWhy,
         Style::errorTextSheet());

    m_valid = urlOk && tokenWhy.isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_valid);
    if (isVisible())
        fitHeight();
}

void AddNodeDialog::showEvent(QShowEvent* event)
{
    QDialog::showEvent(event);
    fitHeight();
}

void AddNodeDialog::resizeEvent(QResizeEvent* event)
{
    QDialog::resizeEvent(event);
    // Narrower is taller for the wrapped messages: fit again once this resize is done.
    if (event->oldSize().isValid() && event->size().width() != event->oldSize().width())
        QTimer::singleShot(0, this, &AddNodeDialog::fitHeight);
}

void AddNodeDialog::fitHeight()
{
    // A window's layout sets its minimum size from one-line labels, so a wrapped message was cut off (or squeezed
    // the fields): the height is the layout's height for the dialog's width, grown and shrunk with the messages.
    // The form's own height for width came out a line too tall for a wrapped message; each message is given the
    // height of its text at the field column's width (the address field's) instead.
    for (QLabel* message : {m_urlMessage, m_tokenMessage}) {
        if (message->isHidden())
            continue;
        // Unfixed first: a label's height for width keeps within its own minimum and maximum.
        message->setMinimumHeight(0);
        message->setMaximumHeight(QWIDGETSIZE_MAX);
        message->setFixedHeight(message->heightForWidth(m_url->width()));
    }
    QLayout* l = layout();
    l->activate();
    const int h = l->hasHeightForWidth() ? l->totalHeightForWidth(width()) : l->totalSizeHint().height();
    if (h <= 0 || h == height())
        return;
    setMinimumHeight(h);
    resize(width(), h);
}
