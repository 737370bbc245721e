#pragma once

#include "clicommand.h"

namespace Entra::Cli {

// `entra-doctor bundle export OUT.zip [--import FILE] [--evtx F]... [--redact-identities]
// [--no-connectivity]`
class BundleCommand : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    QString argumentsSyntax() const override;
    QList<QCommandLineOption> options() const override;
    bool usesDeviceState(const QCommandLineParser &parser) const override;
    int run(const Invocation &invocation) override;
};

} // namespace Entra::Cli
