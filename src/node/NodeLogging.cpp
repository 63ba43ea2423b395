#include "NodeLogging.h"

Q_LOGGING_CATEGORY(lcNode, "pouch.node")
