#pragma once

#include "clicommand.h"

namespace Entra::Cli {

// `entra-doctor status [--json] [--import FILE|-]`
class StatusCommand : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    QList<QCommandLineOption> options() const override;
    bool usesDeviceState(const QCommandLineParser &parser) const override;
    int run(const Invocation &invocation) override;
};

} // namespace Entra::Cli
