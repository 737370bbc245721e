#pragma once

#include "clicommand.h"

#include <memory>
#include <vector>

namespace Entra::Cli {

// Parses the global options, finds the sub-command and runs it.
class CliApplication
{
public:
    CliApplication();
    ~CliApplication();

    // True when the arguments ask for the CLI (a sub-command, --help or --version) rather than
    // the GUI. Decided before any QCoreApplication exists.
    static bool wantsCli(int argc, char **argv);

    int run(const QStringList &arguments);

private:
    Command *findCommand(QStringView name) const;
    QString overviewHelp() const;

    std::vector<std::unique_ptr<Command>> m_commands;
};

} // namespace Entra::Cli
