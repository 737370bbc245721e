#pragma once

#include "clicommand.h"

namespace Entra::Cli {

// `entra-doctor prt acquire [--password-stdin USER]` / `entra-doctor prt refresh`
class PrtCommand : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    QString argumentsSyntax() const override { return QStringLiteral("acquire|refresh"); }
    QList<QCommandLineOption> options() const override;
    bool usesDeviceState(const QCommandLineParser &) const override { return true; }
    int run(const Invocation &invocation) override;
};

} // namespace Entra::Cli
