#pragma once

#include "clicommand.h"

namespace Entra::Cli {

// `entra-doctor diagnose [--json] [--import FILE|-]... [--evtx FILE]... [--cert FILE]...
//  [--graph-device FILE]`; exit 1 when a check fails.
class DiagnoseCommand : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    QList<QCommandLineOption> options() const override;
    // Diagnosing this device (nothing imported) reads the registration store.
    bool usesDeviceState(const QCommandLineParser &parser) const override;
    int run(const Invocation &invocation) override;
};

} // namespace Entra::Cli
