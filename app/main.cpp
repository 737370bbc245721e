#include "cliapplication.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCoreApplication>

using namespace Qt::Literals::StringLiterals;

static void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(u"EntraDoctor"_s);
    QCoreApplication::setOrganizationDomain(u"entra-doctor.invalid"_s);
    QCoreApplication::setApplicationName(u"entra-doctor"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(ENTRA_DOCTOR_VERSION));
}

int main(int argc, char *argv[])
{
    if (Entra::Cli::CliApplication::wantsCli(argc, argv)) {
        QCoreApplication app(argc, argv); // no display needed
        setApplicationIdentity();
        Entra::Cli::CliApplication cli;
        return cli.run(QCoreApplication::arguments());
    }
    QApplication app(argc, argv);
    setApplicationIdentity();
    QApplication::setApplicationDisplayName(u"Entra Doctor"_s);
    return Entra::Ui::runMainWindow(app);
}
