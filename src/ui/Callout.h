#pragma once

#include "Style.h"

#include <QFrame>

class QHBoxLayout;
class QLabel;

// A tinted frame with an icon and a word-wrapped text: the main window's banner and error bar, the restore
// wizard's warnings. Buttons go to the right through addWidget().
class Callout : public QFrame
{
    Q_OBJECT
public:
    explicit Callout(Style::Tone tone, QWidget* parent = nullptr);

    Style::Tone tone() const { return m_tone; }
    void setTone(Style::Tone tone);
    QLabel* label() const { return m_text; }
    void setText(const QString& text);
    void addWidget(QWidget* widget, Qt::Alignment alignment = Qt::AlignVCenter);

private:
    Style::Tone m_tone;
    QHBoxLayout* m_layout;
    QLabel* m_icon;
    QLabel* m_text;
};
