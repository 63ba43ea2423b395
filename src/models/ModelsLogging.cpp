#include "ModelsLogging.h"

Q_LOGGING_CATEGORY(lcModels, "pouch.models", QtInfoMsg)
