#include "Callout.h"
#include "Icons.h"

#include <QHBoxLayout>
#include <QLabel>

Callout::Callout(Style::Tone tone, QWidget* parent)
    : QFrame(parent), m_tone(tone), m_layout(new QHBoxLayout(this)), m_icon(new QLabel(this)), m_text(new QLabel(this))
{
    m_layout->setContentsMargins(10, 6, 6, 6);
    m_icon->setAlignment(Qt::AlignTop);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_layout->addWidget(m_icon, 0, Qt::AlignTop);
    m_layout->addWidget(m_text, 1);
    setTone(tone);
}

void Callout::setTone(Style::Tone tone)
{
    m_tone = tone;
    // By class name: tints this frame, not frames inside it, whatever object name a caller gives it.
    setStyleSheet(Style::calloutSheet(tone, QStringLiteral("Callout")));
    const Icons::Glyph glyph = tone == Style::Tone::Information ? Icons::Glyph::Information : Icons::Glyph::Warning;
    m_icon->setPixmap(Icons::icon(glyph).pixmap(22, 22));
}

void Callout::setText(const QString& text)
{
    m_text->setText(text);
}

void Callout::addWidget(QWidget* widget, Qt::Alignment alignment)
{
    m_layout->addWidget(widget, 0, alignment);
}
