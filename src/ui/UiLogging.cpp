#include "UiLogging.h"

Q_LOGGING_CATEGORY(lcUi, "pouch.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecrets, "pouch.secrets", QtInfoMsg)
