#include "Logging.h"

Q_LOGGING_CATEGORY(lcConfig, "pouch.config")
Q_LOGGING_CATEGORY(lcRestic, "pouch.restic")
Q_LOGGING_CATEGORY(lcBackup, "pouch.backup")
Q_LOGGING_CATEGORY(lcRestore, "pouch.restore")
Q_LOGGING_CATEGORY(lcJobs, "pouch.jobs")
Q_LOGGING_CATEGORY(lcPanel, "pouch.panel")
Q_LOGGING_CATEGORY(lcCatalogue, "pouch.catalogue")
Q_LOGGING_CATEGORY(lcFiles, "pouch.files")
Q_LOGGING_CATEGORY(lcArchive, "pouch.archive")
