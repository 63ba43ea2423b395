#include "Style.h"

namespace Style {

namespace {
struct Colours
{
    const char* background;
    const char* border;
    const char* text;
};

Colours colours(Tone tone)
{
    switch (tone) {
    case Tone::Warning:
        return {"#fff4d6", "#e6b84d", "#4a3500"};
    case Tone::Error:
        return {"#fdecea", "#e5a29b", "#5f1410"};
    case Tone::Information:
        break;
    }
    return {"#e6f0fb", "#9dbce6", "#15325c"};
}
} // namespace

QString calloutSheet(Tone tone, const QString& selector)
{
    const Colours c = colours(tone);
    return QStringLiteral("%1 { background: %2; border: 1px solid %3; border-radius: 4px; }"
                          " QLabel { color: %4; background: transparent; }")
        .arg(selector, QLatin1String(c.background), QLatin1String(c.border), QLatin1String(c.text));
}

QString noticeLabelSheet(Tone tone)
{
    const Colours c = colours(tone);
    return QStringLiteral(
               "QLabel { background: %1; border: 1px solid %2; border-radius: 4px; padding: 6px; color: %3; }")
        .arg(QLatin1String(c.background), QLatin1String(c.border), QLatin1String(c.text));
}

QString errorTextSheet()
{
    return QStringLiteral("color: %1;").arg(errorColor());
}

QString hintTextSheet()
{
    return QStringLiteral("color: palette(placeholder-text);");
}

QString errorColor()
{
    return QStringLiteral("#b3261e");
}

QString okColor()
{
    return QStringLiteral("#2e7d32");
}

QString cautionColor()
{
    return QStringLiteral("#8a5a00");
}

} // namespace Style
