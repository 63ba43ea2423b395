#include "GuiMain.h"

#include <QMessageBox>

int runGui(const QString& configFile)
{
    Q_UNUSED(configFile)
    QMessageBox::information(nullptr, QObject::tr("Pouch"), QObject::tr("The desktop console is not implemented yet."));
    return 1;
}
