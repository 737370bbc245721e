#pragma once

#include "clicommand.h"

namespace Entra::Cli {

// `entra-doctor cert FILE [--json] [--password-file F] [--import STATUS] [--key-id ID]`
class CertCommand : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    QString argumentsSyntax() const override;
    QList<QCommandLineOption> options() const override;
    int run(const Invocation &invocation) override;
};

} // namespace Entra::Cli
