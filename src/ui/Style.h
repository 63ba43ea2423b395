#pragma once

#include <QString>

// The console's colours and style sheets, in one place: the main window, the restore wizard and the settings
// dialog tint their notices and error texts alike.
namespace Style {

enum class Tone
{
    Information, // blue: something to know
    Warning,     // amber: something to think about before going on
    Error,       // red: something went wrong
};

// A tinted, rounded frame for the widgets that `selector` picks (e.g. a class name), and the colour of the
// labels inside them.
QString calloutSheet(Tone tone, const QString& selector);
// The same tint for a lone QLabel (padding included).
QString noticeLabelSheet(Tone tone);
// Red text for an error line under a form.
QString errorTextSheet();
// Dimmed text for a hint.
QString hintTextSheet();

// Colours for rich text (<span style='color:…'>).
QString errorColor();
QString okColor();
QString cautionColor();

} // namespace Style
