#include "ApiLogging.h"

Q_LOGGING_CATEGORY(lcApi, "pouch.api")
Q_LOGGING_CATEGORY(lcSse, "pouch.api.events")
