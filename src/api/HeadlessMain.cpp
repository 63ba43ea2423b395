#include "HeadlessMain.h"

#include "BackupService.h"

#include <QCoreApplication>
#include <QTextStream>

int runHeadless(const Config& config)
{
    BackupService service(config);
    service.recover();
    QTextStream(stderr) << "pouch: the HTTP API is not implemented yet" << Qt::endl;
    return 1;
}
