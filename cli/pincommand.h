#pragma once

#include "clicommand.h"

namespace Entra::Cli {

// `entra-doctor pin setup|test|change|remove`. The PIN is read without echo from the terminal,
// or as one line from standard input when it is not a terminal (`change`: old, then new).
class PinCommand : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    QString argumentsSyntax() const override { return QStringLiteral("setup|test|change|remove"); }
    bool usesDeviceState(const QCommandLineParser &) const override { return true; }
    int run(const Invocation &invocation) override;
};

} // namespace Entra::Cli
